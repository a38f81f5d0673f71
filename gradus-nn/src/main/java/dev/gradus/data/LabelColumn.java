package dev.gradus.data;

import java.util.List;
import java.util.Objects;

/**
 * Which column of a CSV file holds the label: a 0-based index, negative to count from the end
 * ({@code -1} is the last column, the default), or a column name from the header line.
 *
 * <p>Indices follow Python's conventions (pandas {@code iloc}, NumPy), which is what most people who write
 * such files know: {@code 0} is the first column and {@code -1} the last.
 */
public final class LabelColumn {
    private static final LabelColumn LAST = new LabelColumn(-1, null);

    private final int index;
    private final String name;

    private LabelColumn(int index, String name) {
        this.index = index;
        this.name = name;
    }

    /** The last column. */
    public static LabelColumn last() {
        return LAST;
    }

    /** The column at a 0-based index; negative indices count from the end. */
    public static LabelColumn index(int index) {
        return new LabelColumn(index, null);
    }

    /** The column with this name in the header line. */
    public static LabelColumn named(String name) {
        if (name == null || name.isBlank()) {
            throw new DataException("label column: a column name must not be empty");
        }
        return new LabelColumn(0, name.trim());
    }

    /** An integer (possibly negative) is an index; anything else is a column name. */
    public static LabelColumn parse(String text) {
        String t = Objects.requireNonNull(text, "text").trim();
        if (t.matches("[+-]?\\d{1,9}")) {
            return index(Integer.parseInt(t));
        }
        return named(t);
    }

    /** True when the column is given by name. */
    public boolean isNamed() {
        return name != null;
    }

    /**
     * The 0-based index of the label column in a file with {@code columns} columns and the given header names
     * (null when the file has no names line).
     *
     * @throws DataException naming {@code source} when the column does not exist
     */
    int resolve(int columns, List<String> headerNames, String source) {
        if (name != null) {
            if (headerNames == null) {
                throw new DataException(source + ": label column '" + name
                        + "' is a name, but the file has no header line with column names");
            }
            int at = headerNames.indexOf(name);
            if (at < 0) {
                throw new DataException(source + ": no column named '" + name + "'; the columns are "
                        + String.join(", ", headerNames));
            }
            return at;
        }
        if (index < -columns || index >= columns) {
            throw new DataException(source + ": label column " + index + " is out of range for " + columns
                    + " columns (valid: 0.." + (columns - 1) + ", or -1..-" + columns + " from the end)");
        }
        return index < 0 ? columns + index : index;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelColumn c && c.index == index && Objects.equals(c.name, name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, name);
    }

    @Override
    public String toString() {
        return name != null ? "'" + name + "'" : Integer.toString(index);
    }
}
