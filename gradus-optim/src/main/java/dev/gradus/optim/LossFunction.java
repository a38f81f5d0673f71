package dev.gradus.optim;

import dev.gradus.tensor.TensorMap;

/**
 * The loss at any point, without a gradient: what zeroth-order and line-search-free methods query. A
 * {@link StepContext} serves it as {@link Capability#LOSS}.
 */
@FunctionalInterface
public interface LossFunction {
    /** The loss at {@code at} (same names and shapes as the parameters). Must not modify {@code at}. */
    double value(TensorMap at);
}
