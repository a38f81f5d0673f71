package dev.gradus.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Named columns of numbers, written by the report as one CSV file: typically a step column and one curve per
 * setting. Columns may differ in length (runs that stop early); the missing cells are left empty.
 *
 * <pre>{@code SeriesTable.of("t", t).with("k = r", errorExact).with("k > r", errorOver)}</pre>
 *
 * <p>Immutable: {@link #with} returns a new table. The arrays are copied.
 */
public final class SeriesTable {
    private final List<String> names;
    private final List<double[]> columns;

    private SeriesTable(List<String> names, List<double[]> columns) {
        this.names = names;
        this.columns = columns;
    }

    /** A table with one column. */
    public static SeriesTable of(String name, double[] values) {
        return new SeriesTable(List.of(), List.of()).with(name, values);
    }

    /** This table and one more column. */
    public SeriesTable with(String name, double[] values) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("SeriesTable.with: a column needs a name");
        }
        if (names.contains(name)) {
            throw new IllegalArgumentException("SeriesTable.with(\"" + name + "\"): the column already exists");
        }
        if (values == null) {
            throw new IllegalArgumentException("SeriesTable.with(\"" + name + "\"): values are null");
        }
        List<String> n = new ArrayList<>(names);
        n.add(name);
        List<double[]> c = new ArrayList<>(columns);
        c.add(values.clone());
        return new SeriesTable(Collections.unmodifiableList(n), Collections.unmodifiableList(c));
    }

    /** The column names, in order. */
    public List<String> names() {
        return names;
    }

    /** A copy of the named column. */
    public double[] column(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("SeriesTable: no column \"" + name + "\"; columns are " + names);
        }
        return columns.get(i).clone();
    }

    /** The table as CSV: a header row, then one row per index up to the longest column. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < names.size(); j++) {
            sb.append(j == 0 ? "" : ",").append(csvField(names.get(j)));
        }
        sb.append('\n');
        int rows = 0;
        for (double[] c : columns) {
            rows = Math.max(rows, c.length);
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns.size(); j++) {
                double[] c = columns.get(j);
                if (j > 0) {
                    sb.append(',');
                }
                if (i < c.length) {
                    sb.append(Double.toString(c[i])); // shortest text that reads back to the same double
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
