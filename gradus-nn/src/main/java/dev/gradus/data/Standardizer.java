package dev.gradus.data;

import dev.gradus.tensor.Tensor;
import java.util.Arrays;

/**
 * Per-feature standardisation {@code z = (x - mean) / std}, fitted on one data set (the training split) and
 * applied to any other with the same features, so that validation and test data never leak into the
 * statistics.
 *
 * <p>As scikit-learn's {@code StandardScaler}: {@code std} is the population standard deviation (divisor
 * {@code n}), and a column that is constant on the fitting data gets {@code std = 1}, so it becomes 0 there
 * rather than NaN. "Constant" allows for rounding in the mean: a column whose standard deviation is at most
 * {@code 1e-12 |mean|} counts as constant.
 *
 * @param mean the per-feature mean of the fitting data
 * @param std the per-feature scale, positive and finite
 */
public record Standardizer(double[] mean, double[] std) {
    /** Copies and validates the statistics. */
    public Standardizer {
        mean = mean.clone();
        std = std.clone();
        if (mean.length != std.length) {
            throw new DataException("Standardizer: " + mean.length + " means but " + std.length + " scales");
        }
        for (int j = 0; j < std.length; j++) {
            if (!(std[j] > 0 && Double.isFinite(std[j])) || !Double.isFinite(mean[j])) {
                throw new DataException("Standardizer: feature " + j + " has mean " + mean[j] + " and scale "
                        + std[j] + "; the mean must be finite and the scale positive and finite");
            }
        }
    }

    /** The statistics of {@code train}'s features (two passes, for accuracy). */
    public static Standardizer fit(Dataset train) {
        int n = train.size();
        int d = train.numFeatures();
        if (n == 0) {
            throw new DataException("Standardizer.fit: " + train.name() + " has no samples");
        }
        double[] x = train.featureArray();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            int off = i * d;
            for (int j = 0; j < d; j++) {
                mean[j] += x[off + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] sq = new double[d];
        for (int i = 0; i < n; i++) {
            int off = i * d;
            for (int j = 0; j < d; j++) {
                double c = x[off + j] - mean[j];
                sq[j] += c * c;
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(sq[j] / n);
            std[j] = s <= 1e-12 * Math.abs(mean[j]) || s == 0.0 ? 1.0 : s;
        }
        return new Standardizer(mean, std);
    }

    /** The number of features. */
    public int numFeatures() {
        return mean.length;
    }

    /** A copy of the means. */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the scales. */
    @Override
    public double[] std() {
        return std.clone();
    }

    /** A new data set with standardised features and the same labels. */
    public Dataset apply(Dataset data) {
        requireFeatures(data.numFeatures(), data.name());
        double[] out = data.featureArray().clone();
        standardizeInPlace(out);
        return data.withFeatures(out);
    }

    /** A new tensor of standardised rows; its last {@code d} values per row are the features. */
    public Tensor apply(Tensor features) {
        requireFeatures(rowWidth(features.shape()), "tensor " + Arrays.toString(features.shape()));
        Tensor out = features.copy();
        standardizeInPlace(out.data());
        return out;
    }

    /** Maps standardised rows back to the original units. */
    public Tensor inverse(Tensor standardized) {
        requireFeatures(rowWidth(standardized.shape()), "tensor " + Arrays.toString(standardized.shape()));
        Tensor out = standardized.copy();
        double[] v = out.data();
        int d = mean.length;
        for (int off = 0; off < v.length; off += d) {
            for (int j = 0; j < d; j++) {
                v[off + j] = v[off + j] * std[j] + mean[j];
            }
        }
        return out;
    }

    private void standardizeInPlace(double[] v) {
        int d = mean.length;
        for (int off = 0; off < v.length; off += d) {
            for (int j = 0; j < d; j++) {
                v[off + j] = (v[off + j] - mean[j]) / std[j];
            }
        }
    }

    /** The number of values per row of a tensor of rank 2 or more, -1 for lower ranks. */
    private static int rowWidth(int[] shape) {
        if (shape.length < 2) {
            return -1;
        }
        int w = 1;
        for (int i = 1; i < shape.length; i++) {
            w *= shape[i];
        }
        return w;
    }

    private void requireFeatures(int d, String what) {
        if (d != mean.length) {
            throw new DataException("Standardizer: fitted on " + mean.length + " features, but " + what + " has "
                    + (d < 0 ? "no rows of features" : d + " features"));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s && Arrays.equals(s.mean, mean) && Arrays.equals(s.std, std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Standardizer[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
