package dev.gradus.train;

/**
 * The loss and accuracy of a model on one data set, measured in evaluation mode.
 *
 * @param loss the mean loss per sample
 * @param accuracy the fraction of samples classified correctly, or {@code NaN} for regression
 * @param samples the number of samples evaluated
 */
public record Evaluation(double loss, double accuracy, int samples) {
    /** The evaluation of an empty data set: every metric {@code NaN}. */
    public static final Evaluation NONE = new Evaluation(Double.NaN, Double.NaN, 0);
}
