package dev.gradus.optim;

import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Map;

/**
 * Per-example gradients of a batch at the current parameters, served by a {@link StepContext} as
 * {@link Capability#PER_SAMPLE}; the training engine computes them with one backward pass
 * ({@code dev.gradus.nn.PerSampleGradients}), materialising them only when asked for.
 *
 * <p>Convention: example {@code i}'s gradient is the gradient of its own unreduced loss {@code ℓ_i}, whatever
 * the reduction of the batch loss; a mean-reduced batch gradient is {@code (1/B) Σ_i ∇ℓ_i}. Differentially
 * private training clips each and sums them ({@link #weightedSum}), which with ghost norms needs no
 * materialised per-example gradient at all.
 */
public interface PerSample {

    /** The number of examples B (0 for an empty batch). */
    int size();

    /** Every example's own unreduced loss {@code ℓ_i}, {@code [B]}; a copy the caller may keep. */
    Tensor losses();

    /** Every example's gradient, by parameter name, each of shape {@code [B, ...parameter shape]}. */
    TensorMap gradients();

    /** Every example's gradient norm by parameter name, {@code double[B]} each (for per-layer clipping). */
    Map<String, double[]> parameterNorms();

    /** Every example's gradient norm over all parameters jointly, {@code double[B]}. */
    double[] norms();

    /** {@code Σ_i w_i ∇ℓ_i}, by parameter name, in the parameters' shapes: the clipped sum of DP-SGD. */
    TensorMap weightedSum(double[] weights);
}
