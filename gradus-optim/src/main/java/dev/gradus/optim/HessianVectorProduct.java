package dev.gradus.optim;

import dev.gradus.tensor.TensorMap;

/**
 * Hessian-vector products of the loss at any point: {@code out = ∇²L(at) · v}. A {@link StepContext} serves it
 * as {@link Capability#HVP}.
 */
@FunctionalInterface
public interface HessianVectorProduct {
    /** Writes {@code ∇²L(at) · v} into {@code out} (same names and shapes as the parameters). */
    void apply(TensorMap at, TensorMap v, TensorMap out);
}
