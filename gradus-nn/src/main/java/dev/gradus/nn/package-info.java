/**
 * Neural-network modules, initialisers and losses, in the manner of PyTorch's {@code torch.nn}.
 *
 * <p>A model is a tree of {@link dev.gradus.nn.Module}s with named parameters
 * ({@code encoder.0.weight}) whose live tensors an optimizer updates in place. Layers are written with
 * the differentiable ops of {@code dev.gradus.autodiff}, so gradients of gradients (Hessian-vector
 * products) work through every layer. Initialisers follow {@code torch.nn.init} and draw from a seeded
 * {@link dev.gradus.tensor.RandomStream}; losses follow PyTorch's definitions and reductions.
 */
package dev.gradus.nn;
