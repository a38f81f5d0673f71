package dev.gradus.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The bundled data sets, and the one place that turns a user's {@code --data NAME|PATH} into a {@link Dataset}.
 *
 * <p>Bundled data sets are ordinary CSV, LIBSVM and IDX files inside the jar, read by the same readers that
 * users call on their own files. See {@link #bundled()} for their origins and licences (also in the project's
 * NOTICE file).
 *
 * <pre>{@code
 * Dataset iris = Datasets.load("iris");
 * Dataset mine = Datasets.resolve("data/prices.csv", Optional.empty(), Optional.of(LabelColumn.named("price")));
 * Dataset mnist = Datasets.resolve("train-images-idx3-ubyte.gz", Optional.empty(), Optional.empty());
 * }</pre>
 */
public final class Datasets {
    private static final String ROOT = "/dev/gradus/data/datasets/";
    private static final String UCI = "UCI Machine Learning Repository";
    private static final String SKLEARN_COPY = "CC BY 4.0; the copy from scikit-learn's data folder is BSD-3-Clause";

    private static final List<BundledDataset> BUNDLED = List.of(
            new BundledDataset("digits", "1797 8x8 images of handwritten digits (pixel counts 0..16), 64 features,"
                    + " 10 classes; sample shape [1, 8, 8]",
                    "Optical Recognition of Handwritten Digits, E. Alpaydin and C. Kaynak (1998), " + UCI
                            + " (https://archive.ics.uci.edu/dataset/80), as shipped with scikit-learn", SKLEARN_COPY),
            new BundledDataset("iris", "150 iris flowers, 4 features, 3 classes (setosa, versicolor, virginica)",
                    "Iris, R. A. Fisher (1936), " + UCI + " (https://archive.ics.uci.edu/dataset/53),"
                            + " as shipped with scikit-learn", SKLEARN_COPY),
            new BundledDataset("breast_cancer", "569 breast mass samples, 30 features, 2 classes (malignant, benign)",
                    "Breast Cancer Wisconsin (Diagnostic), W. Wolberg, O. Mangasarian, N. Street and W. Street (1995), "
                            + UCI + " (https://archive.ics.uci.edu/dataset/17), as shipped with scikit-learn",
                    SKLEARN_COPY),
            new BundledDataset("wine", "178 wines, 13 features, 3 classes (class_0, class_1, class_2)",
                    "Wine, S. Aeberhard and M. Forina (1991), " + UCI + " (https://archive.ics.uci.edu/dataset/109),"
                            + " as shipped with scikit-learn", SKLEARN_COPY),
            new BundledDataset("heart_scale", "270 patients, 13 features scaled to [-1, 1], 2 classes (-1, 1)",
                    "Statlog (Heart), " + UCI + " (https://archive.ics.uci.edu/dataset/145), scaled to [-1, 1]"
                            + " as distributed with LIBSVM and LIBLINEAR (C.-C. Chang, C.-J. Lin et al.)",
                    "CC BY 4.0; the LIBLINEAR copy is BSD-3-Clause"),
            new BundledDataset("mnist10k", "10000 28x28 grey-scale handwritten digits, 784 features in [0, 1],"
                    + " 10 classes; sample shape [1, 28, 28]",
                    "10,000 digits of the MNIST database, Y. LeCun, C. Cortes and C. J. C. Burges"
                            + " (http://yann.lecun.com/exdb/mnist/), rows shuffled with a fixed seed so that any"
                            + " prefix is class-balanced", "CC BY-SA 3.0"));

    private Datasets() {}

    /** The names of the bundled data sets. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (BundledDataset b : BUNDLED) {
            names.add(b.name());
        }
        return List.copyOf(names);
    }

    /** The bundled data sets with their origins and licences. */
    public static List<BundledDataset> bundled() {
        return BUNDLED;
    }

    /**
     * Loads a bundled data set by name.
     *
     * @throws DataException for an unknown name, listing the known ones
     */
    public static Dataset load(String name) {
        return switch (name) {
            case "digits" -> csv("digits.csv.gz", CsvFormat.DEFAULT.withHeader(CsvFormat.Header.NONE)
                    .withTask(Task.CLASSIFICATION)).withName("digits").withSampleShape(1, 8, 8);
            case "iris" -> csv("iris.csv", sklearn()).withName("iris");
            case "breast_cancer" -> csv("breast_cancer.csv", sklearn()).withName("breast_cancer");
            case "wine" -> csv("wine_data.csv", sklearn()).withName("wine");
            case "heart_scale" -> {
                try (InputStream in = resource("heart_scale.libsvm")) {
                    yield LibsvmReader.read(in, "heart_scale.libsvm",
                            LibsvmFormat.DEFAULT.withDimension(13).withTask(Task.CLASSIFICATION));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case "mnist10k" -> {
                String images = "mnist10k-images-idx3-ubyte.gz";
                String labels = "mnist10k-labels-idx1-ubyte.gz";
                try (InputStream im = resource(images); InputStream lb = resource(labels)) {
                    yield IdxReader.read(im, images, lb, labels).withName("mnist10k");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            default -> throw new DataException("unknown data set '" + name + "': the bundled data sets are "
                    + String.join(", ", names()));
        };
    }

    /** {@link #resolve(String, Optional, Optional)} with the format from the file name and the last column as label. */
    public static Dataset resolve(String nameOrPath) {
        return resolve(nameOrPath, Optional.empty(), Optional.empty());
    }

    /**
     * The data set that a user names on the command line ({@code gradus train --data NAME|PATH [--format F]
     * [--label-column K]}).
     *
     * <ul>
     *   <li>A bundled name ({@link #names()}) loads that data set; a format or label column is then an error,
     *       since bundled data sets have fixed ones.</li>
     *   <li>Otherwise it is a file path. The format is {@code format}, else implied by the file name
     *       ({@link DataFormat#fromFileName}), else shown by the file's first bytes (an IDX magic number, a LIBSVM
     *       line, a CSV line); when none tells, the error asks for the format.</li>
     *   <li>CSV files are read with {@link CsvFormat#DEFAULT}, the label column if given, and the delimiter of
     *       the first line: comma, else tab, else semicolon.</li>
     *   <li>An IDX path names the images file; its labels file is found by the MNIST naming convention,
     *       replacing {@code images} by {@code labels} and {@code idx3} by {@code idx1} in the file name
     *       ({@code train-images-idx3-ubyte.gz} pairs with {@code train-labels-idx1-ubyte.gz}, with or without
     *       {@code .gz}). Or give both, separated by a comma: {@code IMAGES,LABELS}.</li>
     * </ul>
     *
     * @throws DataException for a missing file, a format that cannot be told, or a malformed file
     */
    public static Dataset resolve(String nameOrPath, Optional<DataFormat> format, Optional<LabelColumn> labelColumn) {
        return resolve(nameOrPath, format, labelColumn, Task.AUTO);
    }

    /**
     * As {@link #resolve(String, Optional, Optional)}, with the task of a file's labels given rather than
     * decided from them ({@link Task#REGRESSION} for integer-valued targets, for example). Bundled data sets
     * accept only their own task or {@link Task#AUTO}.
     */
    public static Dataset resolve(String nameOrPath, Optional<DataFormat> format, Optional<LabelColumn> labelColumn,
            Task task) {
        return resolve(nameOrPath, format, labelColumn, task, null);
    }

    /**
     * As {@link #resolve(String, Optional, Optional, Task)}, telling {@code bytesRead} (when not null) how many
     * bytes of a CSV or LIBSVM file have been read so far, as the read goes on, so that a long load can show its
     * progress against the file's size.
     */
    public static Dataset resolve(String nameOrPath, Optional<DataFormat> format, Optional<LabelColumn> labelColumn,
            Task task, LongConsumer bytesRead) {
        Dataset d = resolveFile(nameOrPath.trim(), format, labelColumn, task, bytesRead);
        if (task != Task.AUTO && d.task() != task) {
            throw new DataException("'" + nameOrPath.trim() + "' is a " + d.task().toString().toLowerCase(Locale.ROOT)
                    + " data set, not a " + task.toString().toLowerCase(Locale.ROOT));
        }
        return d;
    }

    private static Dataset resolveFile(String spec, Optional<DataFormat> format, Optional<LabelColumn> labelColumn,
            Task task, LongConsumer bytesRead) {
        if (names().contains(spec)) {
            if (format.isPresent() || labelColumn.isPresent()) {
                throw new DataException("'" + spec + "' is a bundled data set with a fixed format and label; a format"
                        + " or label column applies only to files (use a path such as ./" + spec + " for a file)");
            }
            return load(spec);
        }
        Path path = Path.of(spec);
        int comma = spec.indexOf(',');
        if (comma >= 0 && !Files.exists(path)) {
            if (format.isPresent() && format.get() != DataFormat.IDX) {
                throw new DataException("'" + spec + "': a comma-separated pair IMAGES,LABELS is for IDX files, but"
                        + " the format is " + format.get());
            }
            noLabelColumn(labelColumn, DataFormat.IDX);
            Path images = Path.of(spec.substring(0, comma).trim());
            Path labels = Path.of(spec.substring(comma + 1).trim());
            return IdxReader.read(images, labels);
        }
        if (!Files.exists(path)) {
            throw new DataException("no such file: " + spec + (spec.contains("/") || spec.contains(".") ? ""
                    : " (and no bundled data set of that name; they are " + String.join(", ", names()) + ")"));
        }
        if (Files.isDirectory(path)) {
            throw new DataException(spec + ": is a directory, not a data file");
        }
        String fileName = path.getFileName().toString();
        DataFormat f = format.or(() -> DataFormat.fromFileName(fileName)).or(() -> sniff(path))
                .orElseThrow(() -> new DataException(spec + ": cannot tell the format from the file name or its first"
                        + " line; give it (csv, libsvm or idx)"));
        return switch (f) {
            case CSV -> CsvReader.read(path, CsvFormat.DEFAULT.withDelimiter(csvDelimiter(path))
                    .withLabelColumn(labelColumn.orElse(LabelColumn.last())).withTask(task), bytesRead);
            case LIBSVM -> {
                noLabelColumn(labelColumn, f);
                yield LibsvmReader.read(path, LibsvmFormat.DEFAULT.withTask(task), bytesRead);
            }
            case IDX -> {
                noLabelColumn(labelColumn, f);
                yield IdxReader.read(path, labelsFileFor(path));
            }
        };
    }

    /**
     * The format that a file's start shows, for names without a telling extension (LIBSVM's own files are
     * called {@code heart_scale}, {@code a9a}, ...): IDX by its magic number, LIBSVM when the first line is a
     * label and {@code index:value} pairs, CSV when it has commas, tabs or semicolons.
     */
    static Optional<DataFormat> sniff(Path path) {
        byte[] head = head(path);
        if (IdxReader.looksLikeIdx(head)) {
            return Optional.of(DataFormat.IDX);
        }
        String line = firstLine(head);
        String[] tokens = line.strip().split("\\s+");
        boolean pairs = tokens.length >= 2;
        for (int i = 1; i < tokens.length && pairs; i++) {
            int colon = tokens[i].indexOf(':');
            pairs = colon > 0 && colon < tokens[i].length() - 1;
        }
        if (pairs && tokens[0].indexOf(':') < 0) {
            return Optional.of(DataFormat.LIBSVM);
        }
        if (line.indexOf(',') >= 0 || line.indexOf('\t') >= 0 || line.indexOf(';') >= 0) {
            return Optional.of(DataFormat.CSV);
        }
        return Optional.empty();
    }

    /** Comma, unless the first line has none but has tabs (TSV) or semicolons (a European spreadsheet's CSV). */
    static char csvDelimiter(Path path) {
        String line = firstLine(head(path));
        if (line.indexOf(',') >= 0) {
            return ',';
        }
        return line.indexOf('\t') >= 0 ? '\t' : line.indexOf(';') >= 0 ? ';' : ',';
    }

    private static byte[] head(Path path) {
        return Sources.read(path, (in, source) -> in.readNBytes(1 << 16));
    }

    private static String firstLine(byte[] head) {
        for (String line : new String(head, StandardCharsets.UTF_8).split("\\R")) {
            if (!line.isBlank()) {
                return line;
            }
        }
        return "";
    }

    /**
     * The labels file that goes with an IDX images file, by the MNIST naming convention.
     *
     * @throws DataException when the name does not follow the convention or the labels file does not exist
     */
    public static Path labelsFileFor(Path images) {
        String name = images.getFileName().toString();
        if (!name.contains("images")) {
            String hint = name.contains("labels") ? " (this looks like a labels file: give the images file)" : "";
            throw new DataException(images + ": cannot find the labels file for an IDX images file whose name has no"
                    + " 'images' in it" + hint + "; name the files like train-images-idx3-ubyte.gz and"
                    + " train-labels-idx1-ubyte.gz, or give both as IMAGES,LABELS");
        }
        String base = name.replace("images", "labels").replace("idx3", "idx1");
        String other = base.endsWith(".gz") ? base.substring(0, base.length() - 3) : base + ".gz";
        Path candidate = images.resolveSibling(base);
        if (Files.exists(candidate)) {
            return candidate;
        }
        Path alternative = images.resolveSibling(other);
        if (Files.exists(alternative)) {
            return alternative;
        }
        throw new DataException(images + ": no labels file beside it: looked for " + candidate + " and " + alternative
                + "; or give both as IMAGES,LABELS");
    }

    private static void noLabelColumn(Optional<LabelColumn> labelColumn, DataFormat format) {
        if (labelColumn.isPresent()) {
            throw new DataException("a label column applies to CSV files only, not to " + format + " files");
        }
    }

    private static CsvFormat sklearn() {
        return CsvFormat.DEFAULT.withHeader(CsvFormat.Header.SKLEARN);
    }

    private static Dataset csv(String file, CsvFormat format) {
        try (InputStream in = resource(file)) {
            return CsvReader.read(in, file, format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String file) {
        InputStream in = Datasets.class.getResourceAsStream(ROOT + file);
        if (in == null) {
            throw new IllegalStateException("bundled data file " + ROOT + file + " is missing from the classpath");
        }
        return in;
    }
}
