package dev.gradus.data;

import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * An immutable data set: {@code n} samples of {@code d} dense float64 features, with a label per sample, either a
 * class id (classification, with class names) or a real-valued target (regression).
 *
 * <p>Features are stored row-major as {@code [n, d]}. A sample may also have a natural shape, such as
 * {@code [1, 28, 28]} for an MNIST image ({@link #sampleShape()}); {@link #features()} is always the flat
 * {@code [n, d]} matrix and {@link #samples()} the same values shaped {@code [n, ...sampleShape]} for
 * convolutional models.
 *
 * <p>Nothing changes a data set after it is made: accessors return copies, and operations ({@link #subset},
 * {@link #split}, {@link Standardizer#apply(Dataset)}) return new data sets. For training, iterate mini-batches
 * with a {@link DataLoader} rather than copying the whole feature matrix.
 *
 * <pre>{@code
 * Dataset iris = Datasets.load("iris");              // 150 x 4, 3 classes
 * Split s = iris.split(0.2, 0.2, 42);                // stratified 60/20/20
 * Standardizer z = Standardizer.fit(s.train());      // training statistics only
 * Dataset train = z.apply(s.train()), val = z.apply(s.validation());
 * for (Batch b : DataLoader.of(train, 16).shuffle(7).epoch(0)) { ... b.x(), b.y() ... }
 * }</pre>
 */
public final class Dataset {
    private final String name;
    private final int n;
    private final int d;
    private final double[] x;
    private final int[] sampleShape;
    private final List<String> featureNames;
    private final int[] classes;
    private final List<String> classNames;
    private final double[] targets;

    /** Takes ownership of the arrays; every public path validates before it gets here. */
    private Dataset(String name, int n, int d, double[] x, int[] sampleShape, List<String> featureNames,
            int[] classes, List<String> classNames, double[] targets) {
        this.name = name;
        this.n = n;
        this.d = d;
        this.x = x;
        this.sampleShape = sampleShape;
        this.featureNames = featureNames;
        this.classes = classes;
        this.classNames = classNames;
        this.targets = targets;
    }

    /**
     * A classification data set. The features are copied; their shape is {@code [n, d]}, or
     * {@code [n, ...sampleShape]}, which sets {@link #sampleShape()}.
     *
     * @param labels class ids in {@code [0, classNames.size())}, one per sample
     * @param classNames the distinct names of the classes, in id order
     */
    public static Dataset classification(String name, Tensor features, int[] labels, List<String> classNames) {
        int[] shape = checkFeatures(name, features);
        List<String> names = checkClassNames(name, classNames);
        int n = shape[0];
        if (labels.length != n) {
            throw new DataException(name + ": " + n + " samples but " + labels.length + " labels");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= names.size()) {
                throw new DataException(name + ": label " + labels[i] + " of sample " + i
                        + " is not a class id 0.." + (names.size() - 1));
            }
        }
        int[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        int d = sizeOf(sample);
        return new Dataset(name, n, d, features.data().clone(), sample, defaultFeatureNames(d),
                labels.clone(), names, null);
    }

    /**
     * A regression data set. The features are copied; their shape is {@code [n, d]}, or
     * {@code [n, ...sampleShape]}.
     *
     * @param targets one finite target per sample
     */
    public static Dataset regression(String name, Tensor features, double[] targets) {
        int[] shape = checkFeatures(name, features);
        int n = shape[0];
        if (targets.length != n) {
            throw new DataException(name + ": " + n + " samples but " + targets.length + " targets");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(targets[i])) {
                throw new DataException(name + ": target " + targets[i] + " of sample " + i + " is not finite");
            }
        }
        int[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        int d = sizeOf(sample);
        return new Dataset(name, n, d, features.data().clone(), sample, defaultFeatureNames(d), null, List.of(),
                targets.clone());
    }

    /** For readers: takes ownership of {@code x} ({@code n * d} values) and of the encoded labels. */
    static Dataset fromReader(String name, int n, int d, double[] x, List<String> featureNames,
            LabelEncoder.Encoded labels) {
        List<String> fn = featureNames == null ? defaultFeatureNames(d) : List.copyOf(featureNames);
        return new Dataset(name, n, d, x, new int[] {d}, fn, labels.classes(), labels.classNames(), labels.targets());
    }

    private static int[] checkFeatures(String name, Tensor features) {
        Objects.requireNonNull(name, "name");
        int[] shape = features.shape();
        if (shape.length < 2) {
            throw new DataException(name + ": features must have shape [n, d] or [n, ...sample shape], got "
                    + Arrays.toString(shape));
        }
        return shape;
    }

    private static List<String> checkClassNames(String name, List<String> classNames) {
        List<String> names = List.copyOf(classNames);
        if (names.isEmpty()) {
            throw new DataException(name + ": a classification needs at least one class name");
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new DataException(name + ": class names must be distinct, got " + names);
        }
        return names;
    }

    private static List<String> defaultFeatureNames(int d) {
        String[] names = new String[d];
        for (int j = 0; j < d; j++) {
            names[j] = "x" + j;
        }
        return List.of(names);
    }

    private static int sizeOf(int[] shape) {
        long s = 1;
        for (int v : shape) {
            s *= v;
        }
        return Math.toIntExact(s);
    }

    /** The name of the data set (a file's base name for data read from files). */
    public String name() {
        return name;
    }

    /** The number of samples {@code n}. */
    public int size() {
        return n;
    }

    /** The number of features {@code d} per sample. */
    public int numFeatures() {
        return d;
    }

    /** The shape of one sample: {@code [d]}, or for example {@code [1, 28, 28]} for images. */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** The feature names: the CSV header's, else {@code x0 .. x(d-1)}. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** {@link Task#CLASSIFICATION} or {@link Task#REGRESSION}. */
    public Task task() {
        return classes != null ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    /** True for a classification data set. */
    public boolean isClassification() {
        return classes != null;
    }

    /** The number of classes {@code k}; 0 for regression. */
    public int numClasses() {
        return classNames.size();
    }

    /** The class names in id order; empty for regression. */
    public List<String> classNames() {
        return classNames;
    }

    /** The class id of sample {@code i}. */
    public int label(int i) {
        requireClassification("label");
        return classes[Objects.checkIndex(i, n)];
    }

    /** A copy of all class ids. */
    public int[] labels() {
        requireClassification("labels");
        return classes.clone();
    }

    /** The number of samples of each class, indexed by class id. */
    public int[] classCounts() {
        requireClassification("classCounts");
        int[] counts = new int[classNames.size()];
        for (int c : classes) {
            counts[c]++;
        }
        return counts;
    }

    /** The regression target of sample {@code i}. */
    public double target(int i) {
        requireRegression("target");
        return targets[Objects.checkIndex(i, n)];
    }

    /** A copy of all regression targets. */
    public double[] targets() {
        requireRegression("targets");
        return targets.clone();
    }

    /** Feature {@code j} of sample {@code i}. */
    public double feature(int i, int j) {
        return x[Objects.checkIndex(i, n) * d + Objects.checkIndex(j, d)];
    }

    /** A copy of the features of sample {@code i}. */
    public double[] row(int i) {
        Objects.checkIndex(i, n);
        return Arrays.copyOfRange(x, i * d, (i + 1) * d);
    }

    /** A copy of the features as an {@code [n, d]} tensor. */
    public Tensor features() {
        return Tensor.of(x.clone(), n, d);
    }

    /** A copy of the features shaped {@code [n, ...sampleShape]}. */
    public Tensor samples() {
        return Tensor.of(x.clone(), prepend(n, sampleShape));
    }

    /** The labels as an {@code [n]} tensor: class ids as doubles, or the regression targets. */
    public Tensor y() {
        double[] y = new double[n];
        copyY(null, 0, n, y);
        return Tensor.of(y, n);
    }

    /** The labels one-hot encoded: an {@code [n, k]} tensor with a 1 at each sample's class. */
    public Tensor oneHot() {
        requireClassification("oneHot");
        return OneHot.encode(classes, classNames.size());
    }

    /** The samples at {@code indices}, in that order (repeats allowed). */
    public Dataset subset(int... indices) {
        for (int i : indices) {
            if (i < 0 || i >= n) {
                throw new DataException(name + ": index " + i + " is out of range for " + n + " samples");
            }
        }
        int m = indices.length;
        double[] sx = new double[m * d];
        gatherFeatures(indices, 0, m, sx);
        int[] sc = null;
        double[] st = null;
        if (classes != null) {
            sc = new int[m];
            for (int r = 0; r < m; r++) {
                sc[r] = classes[indices[r]];
            }
        } else {
            st = new double[m];
            for (int r = 0; r < m; r++) {
                st[r] = targets[indices[r]];
            }
        }
        return new Dataset(name, m, d, sx, sampleShape, featureNames, sc, classNames, st);
    }

    /** The samples {@code from} (inclusive) to {@code to} (exclusive). */
    public Dataset range(int from, int to) {
        if (from < 0 || to > n || from > to) {
            throw new DataException(name + ": range [" + from + ", " + to + ") is not within 0.." + n);
        }
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return subset(idx);
    }

    /**
     * Splits into train, validation and test sets by seed, stratified by class for classification.
     * See {@link Split#of(Dataset, double, double, long, boolean)}.
     */
    public Split split(double validationFraction, double testFraction, long seed) {
        return Split.of(this, validationFraction, testFraction, seed, isClassification());
    }

    /** This data set under another name. */
    public Dataset withName(String newName) {
        return new Dataset(Objects.requireNonNull(newName, "name"), n, d, x, sampleShape, featureNames, classes,
                classNames, targets);
    }

    /** This data set with samples of another shape holding the same {@code d} values, e.g. {@code (1, 8, 8)}. */
    public Dataset withSampleShape(int... shape) {
        for (int s : shape) {
            if (s <= 0) {
                throw new DataException(name + ": sample shape " + Arrays.toString(shape) + " has a non-positive dimension");
            }
        }
        if (shape.length == 0 || sizeOf(shape) != d) {
            throw new DataException(name + ": sample shape " + Arrays.toString(shape) + " does not hold " + d
                    + " features");
        }
        return new Dataset(name, n, d, x, shape.clone(), featureNames, classes, classNames, targets);
    }

    /** This data set with named features. */
    public Dataset withFeatureNames(List<String> names) {
        if (names.size() != d) {
            throw new DataException(name + ": " + names.size() + " feature names for " + d + " features");
        }
        return new Dataset(name, n, d, x, sampleShape, List.copyOf(names), classes, classNames, targets);
    }

    /** The same labels and shape with new features ({@code n * d} values, owned by the result). */
    Dataset withFeatures(double[] newX) {
        return new Dataset(name, n, d, newX, sampleShape, featureNames, classes, classNames, targets);
    }

    /** Direct read access for this package's loops ({@link Standardizer}); never handed out. */
    double[] featureArray() {
        return x;
    }

    /** Copies the features of samples {@code indices[from..to)} into {@code out}, row after row. */
    void gatherFeatures(int[] indices, int from, int to, double[] out) {
        for (int r = from; r < to; r++) {
            System.arraycopy(x, indices[r] * d, out, (r - from) * d, d);
        }
    }

    /** Copies the labels (class ids as doubles, or targets) of the given samples; null indices mean 0..n-1. */
    void copyY(int[] indices, int from, int to, double[] out) {
        for (int r = from; r < to; r++) {
            int i = indices == null ? r : indices[r];
            out[r - from] = classes != null ? classes[i] : targets[i];
        }
    }

    /** The class ids of the given samples, or null for regression. */
    int[] gatherClasses(int[] indices, int from, int to) {
        if (classes == null) {
            return null;
        }
        int[] out = new int[to - from];
        for (int r = from; r < to; r++) {
            out[r - from] = classes[indices[r]];
        }
        return out;
    }

    static int[] prepend(int first, int[] rest) {
        int[] s = new int[rest.length + 1];
        s[0] = first;
        System.arraycopy(rest, 0, s, 1, rest.length);
        return s;
    }

    private void requireClassification(String what) {
        if (classes == null) {
            throw new IllegalStateException(what + ": " + name + " is a regression data set, it has no classes");
        }
    }

    private void requireRegression(String what) {
        if (targets == null) {
            throw new IllegalStateException(what + ": " + name + " is a classification data set, use labels()");
        }
    }

    /** For example {@code iris: 150 samples x 4 features, 3 classes (setosa 50, versicolor 50, virginica 50)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(": ").append(n).append(" samples x ").append(d)
                .append(" features");
        if (sampleShape.length > 1) {
            sb.append(' ').append(Arrays.toString(sampleShape));
        }
        if (classes == null) {
            return sb.append(", regression").toString();
        }
        int[] counts = classCounts();
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < counts.length && c < 20; c++) {
            parts.add(classNames.get(c) + " " + counts[c]);
        }
        if (counts.length > 20) {
            parts.add("...");
        }
        return sb.append(", ").append(counts.length).append(" classes (").append(String.join(", ", parts))
                .append(')').toString();
    }
}
