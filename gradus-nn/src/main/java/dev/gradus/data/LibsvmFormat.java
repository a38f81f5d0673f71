package dev.gradus.data;

import java.util.Objects;

/**
 * How to read a LIBSVM file: the number of features, when known, and the task.
 *
 * <p>Without a known dimension the data set has as many features as the largest index in the file. Give the
 * dimension when a file may not mention the last features (a test file read apart from its training file, for
 * example), so that both get the same width.
 *
 * @param dimension the number of features, or 0 for "the largest index in the file"
 * @param task classification, regression, or decided from the labels
 */
public record LibsvmFormat(int dimension, Task task) {
    /** Dimension from the file, task from the labels. */
    public static final LibsvmFormat DEFAULT = new LibsvmFormat(0, Task.AUTO);

    /** Validates the settings. */
    public LibsvmFormat {
        Objects.requireNonNull(task, "task");
        if (dimension < 0) {
            throw new DataException("libsvm: the dimension must be positive (or 0 for automatic), got " + dimension);
        }
    }

    /** This format with a known number of features. */
    public LibsvmFormat withDimension(int dimension) {
        return new LibsvmFormat(dimension, task);
    }

    /** This format with another task. */
    public LibsvmFormat withTask(Task task) {
        return new LibsvmFormat(dimension, task);
    }
}
