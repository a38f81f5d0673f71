package dev.gradus.autodiff;

import dev.gradus.tensor.Elementwise;

/**
 * The activations that {@link Var#affine} applies in the same pass as the bias: each is computed by the same
 * scalar function as its own op ({@link Var#relu()}, {@link Var#tanh()}, {@link Var#sigmoid()}), and its
 * derivative is read from the activation's output {@code y}, so the fused node keeps no pre-activation.
 *
 * <ul>
 *   <li>{@link #IDENTITY}: {@code y = z}, {@code dy/dz = 1};</li>
 *   <li>{@link #RELU}: {@code y = max(z, 0)}, {@code dy/dz = [y > 0]} (which is {@code [z > 0]}, relu'(0) = 0);</li>
 *   <li>{@link #TANH}: {@code y = tanh(z)}, {@code dy/dz = 1 - y^2};</li>
 *   <li>{@link #SIGMOID}: {@code y = 1 / (1 + e^-z)}, {@code dy/dz = y (1 - y)}.</li>
 * </ul>
 */
public enum FusedActivation {
    /** No activation. */
    IDENTITY,
    /** {@code max(z, 0)}. */
    RELU,
    /** The hyperbolic tangent, by {@link Elementwise#tanh(double)}. */
    TANH,
    /** The logistic function, by {@link Elementwise#sigmoid(double)}. */
    SIGMOID;
}
