package dev.gradus.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Reads a {@link Dataset} from a CSV file: one sample per line, numeric feature columns and one label column.
 *
 * <p>What the reader accepts (see {@link CsvFormat} for the settings):
 * <ul>
 *   <li>an optional first line: column names, or scikit-learn's {@code n,d,class0,class1,...}, or none; by
 *       default detected;</li>
 *   <li>a label column chosen by 0-based index (negative from the end; default the last column) or by name;
 *       labels may be numbers or class names ({@link Task} decides classification or regression);</li>
 *   <li>feature cells that are plain decimal numbers ({@code NaN}, {@code Infinity} and empty cells are
 *       rejected); cells may be quoted with {@code "}, surrounding spaces are ignored, blank lines are skipped;</li>
 *   <li>UTF-8 text, gzip-compressed or not (detected from the content, so {@code .csv.gz} works).</li>
 * </ul>
 *
 * <p>Every line must have the same number of cells. A bad line stops the read with its place:
 * {@code data.csv:17: expected 65 numeric columns, found 64} or
 * {@code data.csv:3: column 5: 'abc' is not a number}. Lines and columns in messages count from 1, as editors do.
 *
 * <p>Splitting is written here rather than taken from a CSV library because the cells are numbers and the
 * errors must name file, line and column; the loop is a plain scan that allocates one string per cell.
 */
public final class CsvReader {
    private CsvReader() {}

    /** Reads a CSV file with {@link CsvFormat#DEFAULT}. */
    public static Dataset read(Path path) {
        return read(path, CsvFormat.DEFAULT);
    }

    /** Reads a CSV file; the data set is named after the file, and errors name the path. */
    public static Dataset read(Path path, CsvFormat format) {
        return read(path, format, null);
    }

    /**
     * As {@link #read(Path, CsvFormat)}, telling {@code bytesRead} (when not null) the bytes of the file read so
     * far, as the read goes on, so that a caller can show the progress of a long load.
     */
    public static Dataset read(Path path, CsvFormat format, LongConsumer bytesRead) {
        return Sources.read(path, (in, source) -> new Parser(in, source, format).run(), bytesRead);
    }

    /**
     * Reads CSV data from a stream, which is not closed.
     *
     * @param source the name used in error messages and for the data set, such as a file name
     */
    public static Dataset read(InputStream in, String source, CsvFormat format) {
        return Sources.read(in, source, (input, src) -> new Parser(input, src, format).run());
    }

    /** One read of one input. */
    private static final class Parser {
        private final BufferedReader reader;
        private final String source;
        private final CsvFormat format;
        private final char delimiter;
        private int lineNo;

        Parser(InputStream in, String source, CsvFormat format) {
            this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            this.source = source;
            this.format = format;
            this.delimiter = format.delimiter();
        }

        Dataset run() throws IOException {
            String first = nextLine();
            if (first == null) {
                throw new DataException(source + ": empty file, no data rows");
            }
            int firstLine = lineNo;
            String[] c1 = split(first, firstLine);
            String second = nextLine();
            int secondLine = lineNo;
            String[] c2 = second == null ? null : split(second, secondLine);

            CsvFormat.Header header = format.header() == CsvFormat.Header.AUTO ? detect(c1, c2) : format.header();
            List<String> columnNames = null;
            List<String> declaredClasses = null;
            long declaredRows = -1;
            int columns;
            switch (header) {
                case NAMES -> {
                    columnNames = List.of(c1);
                    columns = c1.length;
                    if (new HashSet<>(columnNames).size() != columns) {
                        throw new DataException(source + ":" + firstLine + ": the header repeats a column name: "
                                + String.join(", ", columnNames));
                    }
                }
                case SKLEARN -> {
                    if (c1.length < 2) {
                        throw new DataException(source + ":" + firstLine
                                + ": expected a scikit-learn header 'n,d,class names...', found " + c1.length + " cell");
                    }
                    declaredRows = headerCount(c1[0], "row count", firstLine);
                    long d = headerCount(c1[1], "feature count", firstLine);
                    columns = Math.toIntExact(d + 1);
                    if (c1.length > 2) {
                        declaredClasses = List.of(Arrays.copyOfRange(c1, 2, c1.length));
                        if (new HashSet<>(declaredClasses).size() != declaredClasses.size()) {
                            throw new DataException(source + ":" + firstLine + ": the header repeats a class name: "
                                    + String.join(", ", declaredClasses));
                        }
                    }
                }
                default -> columns = c1.length;
            }
            int label = format.labelColumn().resolve(columns, columnNames, source);
            int d = columns - 1;
            if (d == 0) {
                throw new DataException(source + ": only one column; a data set needs feature columns and a label");
            }

            Rows rows = new Rows(d, source);
            if (header == CsvFormat.Header.NONE) {
                row(rows, c1, firstLine, columns, label, columnNames);
            }
            if (c2 != null) {
                row(rows, c2, secondLine, columns, label, columnNames);
            }
            String line;
            while ((line = nextLine()) != null) {
                row(rows, split(line, lineNo), lineNo, columns, label, columnNames);
            }
            if (declaredRows >= 0 && declaredRows != rows.n) {
                throw new DataException(source + ": the header declares " + declaredRows + " rows, found " + rows.n);
            }
            LabelEncoder.Encoded labels = LabelEncoder.encode(rows.labels, rows.n, rows.lines, source, format.task(),
                    declaredClasses);
            List<String> featureNames = null;
            if (columnNames != null) {
                featureNames = new ArrayList<>(columnNames);
                featureNames.remove(label);
            }
            double[] x = rows.n * d == rows.x.length ? rows.x : Arrays.copyOf(rows.x, rows.n * d);
            return Dataset.fromReader(Sources.baseName(source), rows.n, d, x, featureNames, labels);
        }

        private CsvFormat.Header detect(String[] c1, String[] c2) {
            if (format.labelColumn().isNamed()) {
                return CsvFormat.Header.NAMES;
            }
            // n,d alone, or n,d with at least two class names: one name would be an odd classification
            if (c2 != null && c1.length != 3 && c1.length >= 2 && isCount(c1[0]) && isCount(c1[1])
                    && Long.parseLong(c1[1]) + 1 == c2.length) {
                boolean names = false;
                for (int j = 2; j < c1.length; j++) {
                    names |= !isNumber(c1[j]);
                }
                if (names || c1.length != c2.length) {
                    return CsvFormat.Header.SKLEARN;
                }
            }
            int label = format.labelColumn().resolve(c1.length, null, source);
            for (int j = 0; j < c1.length; j++) {
                if (j != label && !isNumber(c1[j])) {
                    return CsvFormat.Header.NAMES;
                }
            }
            if (!isNumber(c1[label]) && c2 != null && label < c2.length && isNumber(c2[label])) {
                return CsvFormat.Header.NAMES;
            }
            return CsvFormat.Header.NONE;
        }

        private void row(Rows rows, String[] cells, int line, int columns, int label, List<String> names) {
            if (cells.length != columns) {
                throw new DataException(source + ":" + line + ": expected " + columns
                        + (labelsNumeric(rows) ? " numeric" : "") + " columns, found " + cells.length);
            }
            double[] x = rows.grow();
            int off = rows.n * rows.d;
            for (int j = 0; j < columns; j++) {
                if (j == label) {
                    continue;
                }
                String cell = cells[j];
                double v = Numbers.parse(cell);
                if (!Double.isFinite(v)) {
                    throw new DataException(source + ":" + line + ": column " + (j + 1)
                            + (names != null ? " (" + names.get(j) + ")" : "") + ": " + Numbers.problem(cell, v));
                }
                x[off++] = v;
            }
            rows.add(cells[label], line);
        }

        /** Whether the labels read so far are numbers, so that "numeric columns" describes the rows. */
        private static boolean labelsNumeric(Rows rows) {
            for (int i = 0; i < rows.n; i++) {
                if (!isNumber(rows.labels[i])) {
                    return false;
                }
            }
            return true;
        }

        private long headerCount(String cell, String what, int line) {
            if (!isCount(cell)) {
                throw new DataException(source + ":" + line + ": scikit-learn header: '" + Numbers.abbreviate(cell)
                        + "' is not a " + what + " (the first line should be 'n,d,class names...')");
            }
            return Long.parseLong(cell);
        }

        private static boolean isCount(String s) {
            return s.matches("\\d{1,9}");
        }

        private static boolean isNumber(String s) {
            return Double.isFinite(Numbers.parse(s));
        }

        /** The next non-blank line, without a byte-order mark; null at the end. */
        private String nextLine() throws IOException {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (!line.isBlank()) {
                    return line;
                }
            }
            return null;
        }

        /** The cells of a line: split at the delimiter, trimmed, with {@code "quoted"} cells kept verbatim. */
        private String[] split(String line, int at) {
            if (line.indexOf('"') < 0) {
                List<String> cells = new ArrayList<>();
                int start = 0;
                int i;
                while ((i = line.indexOf(delimiter, start)) >= 0) {
                    cells.add(line.substring(start, i).strip());
                    start = i + 1;
                }
                cells.add(line.substring(start).strip());
                return cells.toArray(new String[0]);
            }
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            int i = 0;
            int n = line.length();
            while (true) {
                while (i < n && line.charAt(i) != delimiter && Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                if (i < n && line.charAt(i) == '"') {
                    int open = i;
                    i++;
                    cell.setLength(0);
                    while (true) {
                        if (i >= n) {
                            throw new DataException(source + ":" + at + ": column " + (cells.size() + 1)
                                    + ": the quote opened at character " + (open + 1) + " is not closed");
                        }
                        char c = line.charAt(i++);
                        if (c == '"') {
                            if (i < n && line.charAt(i) == '"') {
                                cell.append('"');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            cell.append(c);
                        }
                    }
                    while (i < n && line.charAt(i) != delimiter && Character.isWhitespace(line.charAt(i))) {
                        i++;
                    }
                    if (i < n && line.charAt(i) != delimiter) {
                        throw new DataException(source + ":" + at + ": column " + (cells.size() + 1)
                                + ": unexpected text after a closing quote");
                    }
                    cells.add(cell.toString());
                } else {
                    int end = line.indexOf(delimiter, i);
                    String raw = line.substring(i, end < 0 ? n : end);
                    if (raw.indexOf('"') >= 0) {
                        throw new DataException(source + ":" + at + ": column " + (cells.size() + 1)
                                + ": a quote inside an unquoted cell");
                    }
                    cells.add(raw.strip());
                    i = end < 0 ? n : end;
                }
                if (i >= n) {
                    return cells.toArray(new String[0]);
                }
                i++; // the delimiter
                if (i == n) {
                    cells.add("");
                    return cells.toArray(new String[0]);
                }
            }
        }
    }

    /** Growing storage for parsed rows: features row-major, label cells and their line numbers. */
    private static final class Rows {
        final int d;
        final String source;
        int n;
        double[] x;
        String[] labels = new String[256];
        int[] lines = new int[256];

        Rows(int d, String source) {
            this.d = d;
            this.source = source;
            this.x = new double[256 * d];
        }

        /** The feature array, with room for one more row. */
        double[] grow() {
            if ((long) (n + 1) * d > x.length) {
                long cap = Math.max((long) (n + 1) * d, (long) x.length * 2);
                if (cap > Integer.MAX_VALUE - 8) {
                    cap = Integer.MAX_VALUE - 8;
                    if ((long) (n + 1) * d > cap) {
                        throw new DataException(source + ": more than " + cap + " feature values (" + n + " rows of "
                                + d + ") do not fit in one data set");
                    }
                }
                // the new array is made while the old one is still held
                HeapCheck.require(source, 8 * cap + 16L * labels.length, "after " + n + " rows, " + cap
                        + " feature values");
                x = Arrays.copyOf(x, (int) cap);
            }
            return x;
        }

        void add(String label, int line) {
            if (n == labels.length) {
                labels = Arrays.copyOf(labels, n * 2);
                lines = Arrays.copyOf(lines, n * 2);
            }
            labels[n] = label;
            lines[n] = line;
            n++;
        }
    }
}
