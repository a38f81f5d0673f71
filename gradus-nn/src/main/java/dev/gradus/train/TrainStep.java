package dev.gradus.train;

import dev.gradus.optim.Capability;
import dev.gradus.optim.OptState;
import dev.gradus.tensor.TensorMap;
import java.util.Map;
import java.util.Set;

/**
 * What the {@link Trainer} does with one mini-batch: the extension point of the training loop. The trainer owns
 * the epochs, the sampler, validation, callbacks, progress and checkpoints; a step turns a batch into an
 * optimizer update. Gradus provides the {@linkplain #standard() standard step} (forward, loss, backward, update)
 * and the {@linkplain #lossOnly() loss-only step} (no backward: a zeroth-order estimator in the optimizer asks
 * for losses); differentially private and data-parallel training plug in their own.
 *
 * <p><b>State.</b> Whatever a step keeps between batches (a privacy accountant's history, error-feedback
 * residuals, per-worker momenta) is an {@link OptState} made by {@link #init} and advanced in place by
 * {@link #run}; the trainer saves it in every checkpoint and restores it on resume, so a resumed run is bit for
 * bit an uninterrupted one. A step must draw randomness only from {@link StepInput#random} or the optimizer
 * context's stream, both pure functions of the seed and the step.
 *
 * <p><b>Stopping.</b> Before each step the trainer asks {@link #stopBefore}; a reason stops training before that
 * step is taken (a privacy budget that the next step would exceed), and the checkpoint records it.
 */
public interface TrainStep {

    /** The standard step: forward, loss, backward, guards, then the optimizer with the batch's full context. */
    static TrainStep standard() {
        return StandardStep.INSTANCE;
    }

    /** The loss-only step: forward and loss without a backward pass; the optimizer gets zeros and LOSS. */
    static TrainStep lossOnly() {
        return LossOnlyStep.INSTANCE;
    }

    /**
     * What the optimizer's {@link dev.gradus.optim.StepContext} offers under this step; the trainer refuses an
     * optimizer whose requirements it does not cover when it is built.
     */
    Set<Capability> offers();

    /** This step's own state for the model's {@code params}, created eagerly; empty by default. */
    default OptState init(TensorMap params) {
        return NoStepState.INSTANCE;
    }

    /** A reason not to take step {@code step} (1-based) and stop training, or null to take it. */
    default String stopBefore(OptState state, long step) {
        return null;
    }

    /** One step on {@code in}'s batch, advancing the optimizer's and this step's state. */
    StepOutcome run(StepInput in);

    /** Values to add to each epoch's metrics from this step's state (such as the privacy spent); none by default. */
    default Map<String, Double> metrics(OptState state) {
        return Map.of();
    }

    /** What identifies this step and its settings in a checkpoint, such as {@code standard}. */
    String describe();

    /** The state of a step that keeps none. */
    record NoStepState() implements OptState {
        /** The one instance. */
        public static final NoStepState INSTANCE = new NoStepState();
    }
}
