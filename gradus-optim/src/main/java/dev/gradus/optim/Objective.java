package dev.gradus.optim;

import dev.gradus.tensor.TensorMap;

/**
 * A differentiable objective for optimizers that evaluate it themselves (SAM's ascent step, L-BFGS's
 * line search): the loss at {@code params}, with its gradient written into {@code grad} (same names and
 * shapes as {@code params}).
 */
@FunctionalInterface
public interface Objective {
    /** The loss at {@code params}; writes the gradient into {@code grad}. Must not modify {@code params}. */
    double evaluate(TensorMap params, TensorMap grad);
}
