package dev.gradus.train;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;

/** What the trainer shows its {@link Callback}s: where training is, what it recorded, and a stop switch. */
public interface TrainingContext {

    /** The current epoch, from 1 (during {@code onEpochEnd}, the epoch that just ended). */
    int epoch();

    /** The total number of epochs this run trains to. */
    int epochs();

    /** The number of optimizer steps taken since the start of training. */
    long step();

    /** True when a validation split is evaluated after every epoch. */
    boolean hasValidation();

    /** The metrics of the finished epochs. */
    TrainingHistory history();

    /** The optimizer. */
    GradientTransformation optimizer();

    /** The optimizer's live state. */
    OptState optimizerState();

    /** Asks the trainer to stop after the current epoch; {@code reason} is reported and saved. */
    void requestStop(String reason);
}
