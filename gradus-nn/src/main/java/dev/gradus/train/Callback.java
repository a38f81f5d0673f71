package dev.gradus.train;

import java.util.Map;

/**
 * A hook into the training loop, such as {@link EarlyStopping} or {@link LearningRateLogger}.
 *
 * <p>At the end of each epoch the trainer first asks every callback for extra metrics
 * ({@link #addMetrics}), then records the epoch's {@link EpochMetrics} in the history, then calls
 * {@link #onEpochEnd}, where a callback may ask training to stop.
 *
 * <p>A callback that decides from the history alone (as early stopping does) resumes correctly by
 * construction, because the history is part of the checkpoint.
 */
public interface Callback {

    /** Called once before the first step of this run (also when resuming). */
    default void onTrainBegin(TrainingContext ctx) {}

    /** Called after every optimizer step with the mini-batch loss. */
    default void onStepEnd(TrainingContext ctx, double loss) {}

    /** Puts extra named values for the epoch that just ended (they become columns of {@code metrics.csv}). */
    default void addMetrics(TrainingContext ctx, Map<String, Double> extras) {}

    /** Called after {@code metrics} joined the history; may call {@link TrainingContext#requestStop}. */
    default void onEpochEnd(TrainingContext ctx, EpochMetrics metrics) {}

    /** Called once when this run ends, normally or by a stop request. */
    default void onTrainEnd(TrainingContext ctx) {}
}
