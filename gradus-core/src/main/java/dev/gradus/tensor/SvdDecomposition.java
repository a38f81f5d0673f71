package dev.gradus.tensor;

/**
 * A thin singular value decomposition {@code A = u * diag(s) * vt} of an {@code [m, n]} matrix, with
 * {@code k = min(m, n)}. From {@link Linalg#svd(Tensor)}.
 *
 * @param u {@code [m, k]} with orthonormal columns; the entry of largest magnitude in each column is positive
 * @param s the singular values {@code [k]}, descending and non-negative
 * @param vt {@code [k, n]} with orthonormal rows
 */
public record SvdDecomposition(Tensor u, Tensor s, Tensor vt) {}
