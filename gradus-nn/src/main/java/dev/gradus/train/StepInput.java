package dev.gradus.train;

import dev.gradus.autodiff.Var;
import dev.gradus.data.Batch;
import dev.gradus.nn.Loss;
import dev.gradus.nn.Module;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;

/**
 * Everything a {@link TrainStep} may use for one batch, given by the {@link Trainer}: the model and its loss, the
 * optimizer and its live state, the batch, the step's own state, the guards, and the step's optimizer context
 * and random streams.
 */
public interface StepInput {

    /** The model, in training mode. */
    Module model();

    /** The loss. */
    Loss loss();

    /** The model's trainable parameters by name (the tensors the optimizer updates in place). */
    TensorMap params();

    /** The optimizer. */
    GradientTransformation optimizer();

    /** The optimizer's live state. */
    OptState optimizerState();

    /** The batch. */
    Batch batch();

    /** The batch's features shaped as the model's input {@code [b, ...inputShape]}. */
    Tensor input();

    /** The number this step will have once taken, from 1. */
    long step();

    /** This step's own live state ({@link TrainStep#init}). */
    OptState state();

    /**
     * A context for the optimizer with everything the trainer can compute for this batch, the loss at the current
     * parameters set to {@code loss}: the batch's objective at any parameters, Hessian-vector products,
     * per-example gradients where the model supports them, and the step's random stream. Add to it before
     * {@code build()} (a data-parallel step sets the worker).
     */
    StepContext.Builder context(double loss);

    /** A random stream for {@code purpose} at this step: a pure function of the seed, the purpose and the step. */
    RandomStream random(String purpose);

    /** Refuses a non-finite or diverged batch loss, naming the step (see {@link NonFiniteGuard}). */
    void checkLoss(double loss);

    /** Refuses non-finite gradients, naming the step and the parameter. */
    void checkGradients(TensorMap grads);

    /**
     * The usual end of a step on the batch loss {@code loss} of the model's {@code output}: checks the loss, takes
     * the model's gradients of it, checks them, and steps the optimizer with this step's {@link #context}.
     */
    default StepOutcome descend(Var loss, Var output) {
        double lv = loss.item();
        checkLoss(lv);
        TensorMap grads = model().gradients(loss);
        checkGradients(grads);
        optimizer().step(params(), grads, optimizerState(), context(lv).build());
        return new StepOutcome(lv, output.value(), batch().size());
    }
}
