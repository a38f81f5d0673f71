package dev.gradus.data;

import java.util.Objects;

/**
 * How to read a CSV file: what its first line is, which column is the label, the delimiter and the task.
 *
 * <p>{@link #DEFAULT} detects the header, takes the last column as the label, splits on commas and decides the
 * task from the labels. Change one setting with a {@code with*} method:
 * <pre>{@code
 * CsvFormat f = CsvFormat.DEFAULT.withLabelColumn(LabelColumn.named("price")).withTask(Task.REGRESSION);
 * }</pre>
 *
 * @param header what the first non-blank line is
 * @param labelColumn the column that holds the label
 * @param delimiter the character between cells ({@code ','}, {@code ';'} or {@code '\t'}, for example)
 * @param task classification, regression, or decided from the labels
 */
public record CsvFormat(Header header, LabelColumn labelColumn, char delimiter, Task task) {
    /** Detect the header, last column is the label, comma-separated, task from the labels. */
    public static final CsvFormat DEFAULT = new CsvFormat(Header.AUTO, LabelColumn.last(), ',', Task.AUTO);

    /** What the first non-blank line of a CSV file is. */
    public enum Header {
        /** No header: the first line is data. */
        NONE,
        /** The first line names the columns. */
        NAMES,
        /**
         * The first line is scikit-learn's {@code n,d,class0,class1,...}: the number of rows, the number of
         * features, then the class names, where the label column holds class ids {@code 0..k-1}
         * (scikit-learn's {@code iris.csv}, {@code breast_cancer.csv} and {@code wine_data.csv}). The reader
         * checks that the file has {@code n} rows of {@code d} features and a label.
         */
        SKLEARN,
        /**
         * Decide from the first two lines: {@link #SKLEARN} when the first line is two non-negative integers
         * {@code n,d} followed by no name or at least two, the next line has {@code d + 1} columns, and either
         * some name is not a number or the first line's column count differs from the data's; else {@link #NAMES} when a
         * feature cell of the first line is not a number (or the label column is given by name); else
         * {@link #NONE}.
         */
        AUTO
    }

    /** Validates the settings. */
    public CsvFormat {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(labelColumn, "labelColumn");
        Objects.requireNonNull(task, "task");
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new DataException("csv: the delimiter cannot be " + (delimiter == '"' ? "'\"'" : "a line break"));
        }
    }

    /** This format with another header setting. */
    public CsvFormat withHeader(Header header) {
        return new CsvFormat(header, labelColumn, delimiter, task);
    }

    /** This format with another label column. */
    public CsvFormat withLabelColumn(LabelColumn labelColumn) {
        return new CsvFormat(header, labelColumn, delimiter, task);
    }

    /** This format with another delimiter. */
    public CsvFormat withDelimiter(char delimiter) {
        return new CsvFormat(header, labelColumn, delimiter, task);
    }

    /** This format with another task. */
    public CsvFormat withTask(Task task) {
        return new CsvFormat(header, labelColumn, delimiter, task);
    }
}
