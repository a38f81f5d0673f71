package dev.gradus.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of one finished epoch.
 *
 * <p>Training loss and accuracy are the sample-weighted means over the epoch's mini-batches, measured
 * in training mode while the weights moved (as Keras reports them). Validation metrics are a separate
 * pass in evaluation mode after the epoch. A metric that does not apply (accuracy of a regressor, any
 * validation metric without a validation split) is {@code NaN}.
 *
 * @param epoch the epoch number, from 1
 * @param step the number of optimizer steps taken since the start of training, including this epoch
 * @param trainLoss mean training loss over the epoch
 * @param trainAccuracy fraction of training samples classified correctly during the epoch
 * @param valLoss validation loss after the epoch
 * @param valAccuracy validation accuracy after the epoch
 * @param seconds wall-clock seconds spent training since the start, summed over resumed runs
 * @param extras further named values logged by callbacks (such as {@code lr}), in insertion order
 */
public record EpochMetrics(int epoch, long step, double trainLoss, double trainAccuracy, double valLoss,
        double valAccuracy, double seconds, Map<String, Double> extras) {

    /** Copies {@code extras} so that the record is immutable. */
    public EpochMetrics {
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /**
     * The value of a metric by its column name in {@code metrics.csv}: {@code train_loss},
     * {@code train_accuracy}, {@code val_loss}, {@code val_accuracy}, {@code seconds}, or an extra.
     */
    public double get(String name) {
        return switch (name) {
            case "train_loss" -> trainLoss;
            case "train_accuracy" -> trainAccuracy;
            case "val_loss" -> valLoss;
            case "val_accuracy" -> valAccuracy;
            case "seconds" -> seconds;
            default -> {
                Double v = extras.get(name);
                if (v == null) {
                    throw new IllegalArgumentException("no metric named '" + name + "'; metrics are train_loss, "
                            + "train_accuracy, val_loss, val_accuracy, seconds" + (extras.isEmpty() ? "" : ", "
                            + String.join(", ", extras.keySet())));
                }
                yield v;
            }
        };
    }
}
