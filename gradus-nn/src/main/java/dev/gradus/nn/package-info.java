/**
 * Neural-network modules, initialisers and losses, in the manner of PyTorch's {@code torch.nn}.
 *
 * <p>A model is a tree of {@link dev.gradus.nn.Module}s with named parameters
 * ({@code encoder.0.weight}) whose live tensors an optimizer updates in place. Layers are written with
 * the differentiable ops of {@code dev.gradus.autodiff}, so gradients of gradients (Hessian-vector
 * products) work through every layer. Initialisers follow {@code torch.nn.init} and draw from a seeded
 * {@link dev.gradus.tensor.RandomStream}; losses follow PyTorch's definitions and reductions.
 *
 * <p>Per-example gradients (for DP-SGD clipping, gradient coherence, per-domain statistics) come from
 * {@link dev.gradus.nn.PerSampleGradients}: one backward pass over the batch gives every example's gradient,
 * its norm without forming it, or any weighted sum of them ({@link dev.gradus.nn.PerSampleBatch}). Layers
 * with a batched rule report to a {@link dev.gradus.nn.PerSampleTap}; other modules go through a per-example
 * loop.
 */
package dev.gradus.nn;
