/**
 * Reverse-mode, define-by-run automatic differentiation with higher-order gradients.
 *
 * <p>{@link dev.gradus.autodiff.Var} wraps a {@link dev.gradus.tensor.Tensor} and records the operations
 * applied to it ({@code x.matmul(w).add(b).tanh()}); {@link dev.gradus.autodiff.Losses} adds fused, stable
 * losses. {@link dev.gradus.autodiff.Autodiff} computes gradients: as tensors ({@code grad}), accumulated into
 * parameters ({@code backward}), by parameter name ({@code TensorMap}), or as differentiable vars
 * ({@code gradGraph}) that can be differentiated again, because every backward rule is written with var
 * operations. On top of that: Hessian-vector products
 * ({@link dev.gradus.autodiff.Hvp}), the largest Hessian eigenvalue ({@link dev.gradus.autodiff.Sharpness}),
 * Hutchinson's trace estimate ({@link dev.gradus.autodiff.HutchinsonTrace}) and a finite-difference gradient
 * checker ({@link dev.gradus.autodiff.GradCheck}). {@link dev.gradus.autodiff.GradMode} turns graph recording off for
 * parameter updates and evaluation. A pass refuses a graph whose saved values were changed in place after the
 * forward pass (tensor version counters), with a message that names the value.
 */
package dev.gradus.autodiff;
