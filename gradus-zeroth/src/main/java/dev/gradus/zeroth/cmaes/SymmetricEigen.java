package dev.gradus.zeroth.cmaes;

/**
 * The eigendecomposition {@code C = B diag(λ) Bᵀ} of a symmetric matrix by cyclic Jacobi rotations, warm-started from
 * a previous basis: CMA-ES's covariance changes little per generation, so {@code Bᵀ C B} is nearly diagonal and one or
 * two sweeps finish the job (Golub and Van Loan, "Matrix Computations", §8.5; the rotation of Numerical Recipes'
 * {@code jacobi}). Each rotation in the (p, q) plane uses
 * <pre>
 *   θ = (a_qq − a_pp) / (2 a_pq),  t = sign(θ) / (|θ| + √(θ² + 1)),  c = 1/√(t² + 1),  s = t c
 *   A ← Jᵀ A J,  B ← B J          (J the rotation: J_pp = J_qq = c, J_pq = s, J_qp = −s)
 * </pre>
 * and sweeps stop when the off-diagonal mass is below {@code (1e-15)²} of the diagonal's. Plain loops, no allocation
 * beyond the two work arrays, and a fixed order of rotations: the same input gives the same bits.
 */
final class SymmetricEigen {
    private static final int MAX_SWEEPS = 60;

    private final int n;
    private final double[] a;
    private final double[] tmp;

    SymmetricEigen(int n) {
        this.n = n;
        this.a = new double[n * n];
        this.tmp = new double[n * n];
    }

    /**
     * Decomposes the symmetric {@code c} ([n, n], row-major), starting from the orthonormal basis {@code b} (columns),
     * which is overwritten with the new eigenvectors; the eigenvalues go into {@code values} (unsorted, matching the
     * columns of {@code b}).
     */
    void decompose(double[] c, double[] b, double[] values) {
        // tmp = C B, then a = Bᵀ tmp
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += c[i * n + k] * b[k * n + j];
                }
                tmp[i * n + j] = s;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += b[k * n + i] * tmp[k * n + j];
                }
                a[i * n + j] = s;
                a[j * n + i] = s;
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += a[i * n + i] * a[i * n + i];
                for (int j = i + 1; j < n; j++) {
                    off += a[i * n + j] * a[i * n + j];
                }
            }
            if (off <= 1e-30 * diag || off == 0) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(p, q, b);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            values[i] = a[i * n + i];
        }
    }

    private void rotate(int p, int q, double[] b) {
        double apq = a[p * n + q];
        // An entry below the rounding of its diagonal pair changes nothing that double precision can hold.
        if (apq * apq <= 1e-36 * Math.abs(a[p * n + p] * a[q * n + q])) {
            a[p * n + q] = 0;
            a[q * n + p] = 0;
            return;
        }
        double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < n; k++) {
            double akp = a[k * n + p];
            double akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p * n + k];
            double aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = 0;
        a[q * n + p] = 0;
        for (int k = 0; k < n; k++) {
            double bkp = b[k * n + p];
            double bkq = b[k * n + q];
            b[k * n + p] = c * bkp - s * bkq;
            b[k * n + q] = s * bkp + c * bkq;
        }
    }
}
