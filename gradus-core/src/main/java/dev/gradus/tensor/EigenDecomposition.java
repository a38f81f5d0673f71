package dev.gradus.tensor;

/**
 * The eigendecomposition {@code A = vectors * diag(values) * vectors^T} of a symmetric matrix. From
 * {@link Linalg#eigh(Tensor)}.
 *
 * @param values the eigenvalues {@code [n]}, ascending
 * @param vectors {@code [n, n]}, orthonormal; column {@code i} belongs to {@code values[i]} and its entry of
 *     largest magnitude is positive (a fixed sign, so results are reproducible)
 */
public record EigenDecomposition(Tensor values, Tensor vectors) {}
