package dev.gradus.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Reads a {@link Dataset} from the sparse LIBSVM / SVMlight format, densified.
 *
 * <p>Each non-blank line is {@code label index:value index:value ...}: indices are 1-based and strictly
 * increasing, missing indices are 0, and anything after {@code #} is a comment. Feature {@code i} of the file
 * becomes column {@code i - 1}. The number of features is the largest index in the file unless
 * {@link LibsvmFormat#dimension()} fixes it. Labels go through the same encoding as CSV labels: {@code +1/-1}
 * become classes 0 and 1 named {@code "-1"} and {@code "1"} (the class names keep the mapping); real-valued
 * labels make a regression. Ranking files' {@code qid:} tokens are skipped; multi-label lines
 * ({@code 1,3 idx:val}) are rejected.
 *
 * <p>Errors name the place: {@code heart.libsvm:12: index 0 is not 1-based},
 * {@code heart.libsvm:12: index 3 does not follow index 5: indices must increase}. Input may be gzip-compressed.
 */
public final class LibsvmReader {
    private LibsvmReader() {}

    /** Reads a LIBSVM file with {@link LibsvmFormat#DEFAULT}. */
    public static Dataset read(Path path) {
        return read(path, LibsvmFormat.DEFAULT);
    }

    /** Reads a LIBSVM file; the data set is named after the file, and errors name the path. */
    public static Dataset read(Path path, LibsvmFormat format) {
        return read(path, format, null);
    }

    /**
     * As {@link #read(Path, LibsvmFormat)}, telling {@code bytesRead} (when not null) the bytes of the file read
     * so far, as the read goes on.
     */
    public static Dataset read(Path path, LibsvmFormat format, LongConsumer bytesRead) {
        return Sources.read(path, (in, source) -> parse(in, source, format), bytesRead);
    }

    /**
     * Reads LIBSVM data from a stream, which is not closed.
     *
     * @param source the name used in error messages and for the data set, such as a file name
     */
    public static Dataset read(InputStream in, String source, LibsvmFormat format) {
        return Sources.read(in, source, (input, src) -> parse(input, src, format));
    }

    private static Dataset parse(InputStream in, String source, LibsvmFormat format) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        long limit = format.dimension() > 0 ? format.dimension() : Integer.MAX_VALUE;
        // Sparse rows: entries rowStart[r]..rowStart[r+1] of idx/val.
        int[] idx = new int[1024];
        double[] val = new double[1024];
        int nnz = 0;
        int[] rowStart = new int[257];
        String[] labels = new String[256];
        int[] lines = new int[256];
        int n = 0;
        int maxIndex = 0;
        int lineNo = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            int hash = line.indexOf('#');
            int end = hash >= 0 ? hash : line.length();
            int i = skipSpace(line, 0, end);
            if (i == end) {
                continue;
            }
            int t = nextSpace(line, i, end);
            String label = line.substring(i, t);
            if (label.indexOf(':') >= 0) {
                throw new DataException(source + ":" + lineNo + ": the line starts with '" + Numbers.abbreviate(label)
                        + "', expected a label before the index:value pairs");
            }
            if (label.indexOf(',') >= 0) {
                throw new DataException(source + ":" + lineNo + ": multi-label '" + Numbers.abbreviate(label)
                        + "' is not supported; each line needs one label");
            }
            if (n == labels.length) {
                labels = Arrays.copyOf(labels, n * 2);
                lines = Arrays.copyOf(lines, n * 2);
                rowStart = Arrays.copyOf(rowStart, n * 2 + 1);
            }
            labels[n] = label;
            lines[n] = lineNo;
            rowStart[n] = nnz;
            long previous = 0;
            i = skipSpace(line, t, end);
            while (i < end) {
                t = nextSpace(line, i, end);
                int colon = line.indexOf(':', i);
                if (colon < 0 || colon >= t) {
                    throw new DataException(source + ":" + lineNo + ": '" + Numbers.abbreviate(line.substring(i, t))
                            + "' is not an index:value pair");
                }
                if (line.startsWith("qid:", i)) {
                    i = skipSpace(line, t, end);
                    continue;
                }
                long index = parseIndex(line, i, colon);
                if (index == Long.MIN_VALUE) {
                    throw new DataException(source + ":" + lineNo + ": '" + Numbers.abbreviate(line.substring(i, t))
                            + "': '" + Numbers.abbreviate(line.substring(i, colon)) + "' is not an index");
                }
                if (index <= 0) {
                    throw new DataException(source + ":" + lineNo + ": index " + index + " is not 1-based");
                }
                if (index <= previous) {
                    throw new DataException(source + ":" + lineNo + ": index " + index + " does not follow index "
                            + previous + ": indices must increase");
                }
                if (index > limit) {
                    throw new DataException(source + ":" + lineNo + ": index " + index + " exceeds the dimension " + limit);
                }
                String vs = line.substring(colon + 1, t);
                double v = Numbers.parse(vs);
                if (!Double.isFinite(v)) {
                    throw new DataException(source + ":" + lineNo + ": index " + index + ": " + Numbers.problem(vs, v));
                }
                previous = index;
                if (nnz == idx.length) {
                    idx = Arrays.copyOf(idx, nnz * 2);
                    val = Arrays.copyOf(val, nnz * 2);
                }
                idx[nnz] = (int) index - 1;
                val[nnz] = v;
                nnz++;
                i = skipSpace(line, t, end);
            }
            maxIndex = Math.max(maxIndex, (int) previous);
            n++;
        }
        rowStart[n] = nnz;
        int d = format.dimension() > 0 ? format.dimension() : maxIndex;
        if (n > 0 && d == 0) {
            throw new DataException(source + ": no features: every line has only a label");
        }
        LabelEncoder.Encoded encoded = LabelEncoder.encode(labels, n, lines, source, format.task(), null);
        if ((long) n * d > Integer.MAX_VALUE - 8) {
            throw new DataException(source + ": " + n + " rows x " + d + " features are too many for a dense data set");
        }
        HeapCheck.require(source, 8L * n * d, n + " rows of " + d + " dense features");
        double[] x = new double[n * d];
        for (int r = 0; r < n; r++) {
            int off = r * d;
            for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
                x[off + idx[e]] = val[e];
            }
        }
        return Dataset.fromReader(Sources.baseName(source), n, d, x, null, encoded);
    }

    /** The integer in {@code s[from, to)}: an optional sign and 1 to 10 digits; {@link Long#MIN_VALUE} if not one. */
    private static long parseIndex(String s, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if (i == to || to - i > 10) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }

    private static int skipSpace(String s, int i, int end) {
        while (i < end && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int nextSpace(String s, int i, int end) {
        while (i < end && !Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
