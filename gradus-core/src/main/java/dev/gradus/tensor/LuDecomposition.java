package dev.gradus.tensor;

/**
 * An LU decomposition with partial pivoting, {@code A[rowOrder] = lower * upper}: row {@code i} of the
 * product is row {@code rowOrder[i]} of A. From {@link Linalg#lu(Tensor)}.
 *
 * @param rowOrder the row permutation; do not modify
 * @param lower unit lower-triangular {@code [n, n]}
 * @param upper upper-triangular {@code [n, n]}
 */
public record LuDecomposition(int[] rowOrder, Tensor lower, Tensor upper) {
    /** The permutation matrix P with {@code P A = lower * upper}. */
    public Tensor permutation() {
        int n = rowOrder.length;
        Tensor p = Tensor.zeros(n, n);
        for (int i = 0; i < n; i++) {
            p.data()[i * n + rowOrder[i]] = 1.0;
        }
        return p;
    }
}
