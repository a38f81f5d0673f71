package dev.gradus.optim;

import dev.gradus.tensor.TensorMap;

/**
 * An optimizer whose step needs more than one gradient, such as SAM (an ascent step, then the descent
 * gradient at the perturbed point) or L-BFGS with a line search. Training loops and the contract test
 * call {@link #step(TensorMap, Objective, OptState)} when a transformation implements this.
 */
public interface ObjectiveOptimizer extends GradientTransformation {
    /** One step on {@code params}, evaluating {@code objective} as often as needed; returns the loss at entry. */
    double step(TensorMap params, Objective objective, OptState state);

    /**
     * The error an objective optimizer throws from {@link #update} (and so from the one-gradient
     * {@link #step(TensorMap, TensorMap, OptState)}) when it cannot work from a single gradient:
     * {@code why}, then how to call it instead.
     */
    static UnsupportedOperationException needsObjective(String why) {
        return new UnsupportedOperationException(why + ": call step(params, objective, state) with the "
                + "loss-and-gradient function");
    }
}
