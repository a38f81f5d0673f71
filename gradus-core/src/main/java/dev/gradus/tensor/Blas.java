package dev.gradus.tensor;

/**
 * The one facade through which every matrix product in Gradus goes.
 *
 * <p>The provider is {@code dev.ludovic.netlib:blas}, the BLAS that Apache Spark uses: it calls the
 * system OpenBLAS when {@code libopenblas0-pthread} is installed and falls back to a pure-Java
 * implementation otherwise. All matrices here are row-major; the facade maps them onto column-major
 * BLAS by computing {@code C^T = B^T A^T}, which costs nothing.
 */
public final class Blas {
    private Blas() {}

    /**
     * Row-major {@code C = alpha * op(A) * op(B) + beta * C}, with op(X) = X or X^T.
     *
     * @param m rows of op(A) and of C
     * @param n columns of op(B) and of C
     * @param k columns of op(A), rows of op(B)
     * @param lda row stride of A as stored (its number of stored columns)
     * @param ldb row stride of B as stored
     * @param ldc row stride of C
     */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) { // BLAS would only scale C; do it here so degenerate shapes never reach native code
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + i * ldc + j] *= beta;
                }
            }
            return;
        }
        dev.ludovic.netlib.blas.BLAS.getInstance().dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha,
                b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
    }

    /** The name of the BLAS implementation in use, for benchmark reports. */
    public static String provider() {
        return dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getName();
    }
}
