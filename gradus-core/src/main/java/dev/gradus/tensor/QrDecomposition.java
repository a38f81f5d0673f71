package dev.gradus.tensor;

/**
 * A thin QR decomposition {@code A = q * r} of an {@code [m, n]} matrix, with {@code k = min(m, n)}. The
 * diagonal of {@code r} is non-negative, which makes the factors unique when A has full rank. From
 * {@link Linalg#qr(Tensor)}.
 *
 * @param q {@code [m, k]} with orthonormal columns
 * @param r upper-triangular {@code [k, n]}
 */
public record QrDecomposition(Tensor q, Tensor r) {}
