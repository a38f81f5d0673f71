/**
 * Dense float64 tensors and their kernels.
 *
 * <p>{@link dev.gradus.tensor.Tensor} is a row-major {@code double[]} with a shape. Operations follow
 * NumPy's broadcasting rules and allocate their results; in-place code writes through
 * {@link dev.gradus.tensor.Tensor#data()}. Matrix products go through {@link dev.gradus.tensor.Blas};
 * randomness comes only from seeded {@link dev.gradus.tensor.RandomStream}s.
 */
package dev.gradus.tensor;
