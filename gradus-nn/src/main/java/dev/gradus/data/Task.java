package dev.gradus.data;

/**
 * What the labels of a data set are: class ids or real-valued targets.
 *
 * <p>Readers take {@link #AUTO} by default and decide from the label values, the way scikit-learn's
 * {@code type_of_target} does: integer labels and non-numeric labels make a classification, any other numeric
 * labels a regression. Integer-valued regression targets (counts, rounded prices) therefore need
 * {@link #REGRESSION} to be said explicitly. A {@link Dataset} is always {@link #CLASSIFICATION} or
 * {@link #REGRESSION}, never {@code AUTO}.
 */
public enum Task {
    /** Decide from the label values (readers only). */
    AUTO,
    /** Labels are class ids {@code 0..k-1}, each with a class name. */
    CLASSIFICATION,
    /** Labels are real-valued targets. */
    REGRESSION
}
