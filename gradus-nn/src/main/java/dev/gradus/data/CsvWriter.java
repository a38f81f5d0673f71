package dev.gradus.data;

import dev.gradus.tensor.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a {@link Dataset} as CSV that {@link CsvReader} reads back exactly.
 *
 * <p>A classification is written with scikit-learn's header {@code n,d,class names...} and class ids in the
 * last column, so ids and names survive; read it back with {@link CsvFormat.Header#SKLEARN}. A regression is
 * written with a header of the feature names and {@code target}, the target last; read it back with
 * {@link CsvFormat.Header#NAMES} and {@link Task#REGRESSION}. Numbers are written by {@link Double#toString},
 * which reads back to the same bits. Names that hold the delimiter, a quote or surrounding spaces are quoted.
 */
public final class CsvWriter {
    private CsvWriter() {}

    /**
     * Writes to {@code path}, gzip-compressed when the name ends with {@code .gz}. The file appears complete or
     * not at all: the data goes to a temporary file in the same directory that is then renamed.
     */
    public static void write(Dataset data, Path path) {
        boolean gzip = path.toString().endsWith(".gz");
        try {
            AtomicFiles.write(path, out -> {
                if (gzip) {
                    try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
                        write(data, gz);
                    }
                } else {
                    write(data, out);
                }
            });
        } catch (IOException e) {
            throw new DataException(path + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Writes to a stream (UTF-8), which is flushed but not closed. */
    public static void write(Dataset data, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        int n = data.size();
        int d = data.numFeatures();
        if (data.isClassification()) {
            w.write(n + "," + d);
            for (String c : data.classNames()) {
                w.write(',');
                w.write(quoted(c));
            }
        } else {
            List<String> names = data.featureNames();
            for (int j = 0; j < d; j++) {
                w.write(quoted(names.get(j)));
                w.write(',');
            }
            w.write("target");
        }
        w.write('\n');
        int[] labels = data.isClassification() ? data.labels() : null;
        double[] targets = data.isClassification() ? null : data.targets();
        double[] x = data.featureArray();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                w.write(Double.toString(x[i * d + j]));
                w.write(',');
            }
            w.write(labels != null ? Integer.toString(labels[i]) : Double.toString(targets[i]));
            w.write('\n');
        }
        w.flush();
    }

    private static String quoted(String s) {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new DataException("csv: the name '" + Numbers.abbreviate(s) + "' holds a line break, which CSV"
                    + " lines cannot carry");
        }
        boolean plain = !s.isEmpty() && s.strip().equals(s) && s.indexOf(',') < 0 && s.indexOf('"') < 0;
        return plain ? s : '"' + s.replace("\"", "\"\"") + '"';
    }
}
