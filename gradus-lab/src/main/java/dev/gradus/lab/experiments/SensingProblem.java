package dev.gradus.lab.experiments;

import dev.gradus.tensor.Blas;
import dev.gradus.tensor.RandomStream;

/**
 * A matrix-sensing problem: m Gaussian measurements {@code y_i = <A_i, M*>} of a rank-r PSD matrix
 * {@code M* = U diag(sigma) U^T} (n x n), with the loss {@code f(M) = (1/2m) sum_i (<A_i, M> - y_i)^2} and its
 * residual operator {@code R(M) = (1/m) sum_i (<A_i, M> - y_i) A_i} (the gradient of f with respect to M).
 *
 * <p>The {@code A_i} have iid N(0, 1) entries and are not symmetric: with symmetric {@code A_i} the antisymmetric
 * part of an asymmetric product {@code F G^T} would be unobservable (Xiong et al.; 05-theory-lab.md, pitfalls).
 * All matrices are row-major {@code double[]}; the measurement matrix is m x n^2 with row i = vec(A_i).
 *
 * <p>Since {@code vec R(M) = (A^T A / m) vec M - A^T y / m}, the residual is computed from the n^2 x n^2 Gram
 * matrix whenever that is cheaper than two passes over A (n^2 < 2m): the same gradient, in a third of the work
 * at the lab size. The Gram form cannot give the loss accurately near the optimum (it would be a difference of
 * nearly equal numbers), so experiments track {@code ||M - M*||_F}, which is what the paper's claims are about.
 */
final class SensingProblem {
    final int n;
    final int m;
    private final double[] a;      // m x n^2
    private final double[] y;      // m
    private final double[] target; // n x n
    private final double[] z;      // scratch: residuals, m
    private final double[] gram;   // A^T A / m (n^2 x n^2), or null when the direct form is cheaper
    private final double[] aty;    // A^T y / m, with gram

    private SensingProblem(int n, int m, double[] a, double[] target) {
        this.n = n;
        this.m = m;
        this.a = a;
        this.target = target;
        this.y = new double[m];
        this.z = new double[m];
        int nn = n * n;
        Blas.dgemm(false, false, m, 1, nn, 1.0, a, 0, nn, target, 0, 1, 0.0, y, 0, 1);
        if (nn < 2 * m) {
            gram = new double[nn * nn];
            aty = new double[nn];
            Blas.dgemm(true, false, nn, nn, m, 1.0 / m, a, 0, nn, a, 0, nn, 0.0, gram, 0, nn);
            Blas.dgemm(true, false, nn, 1, m, 1.0 / m, a, 0, nn, y, 0, 1, 0.0, aty, 0, 1);
        } else {
            gram = null;
            aty = null;
        }
    }

    /**
     * A random problem.
     *
     * @param sigma the r nonzero eigenvalues of M*
     */
    static SensingProblem gaussian(int n, double[] sigma, int m, RandomStream rng) {
        int r = sigma.length;
        double[] u = orthonormalColumns(n, r, rng.fork("ground-truth"));
        double[] target = new double[n * n];
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                double s = 0;
                for (int j = 0; j < r; j++) {
                    s += u[p * r + j] * sigma[j] * u[q * r + j];
                }
                target[p * n + q] = s;
            }
        }
        double[] a = new double[m * n * n];
        rng.fork("measurements").fillNormal(a);
        return new SensingProblem(n, m, a, target);
    }

    /** Writes {@code R(M)} into {@code r} (n x n). */
    void residual(double[] matrix, double[] r) {
        int nn = n * n;
        if (gram != null) {
            // r = G vec(M) - A^T y / m, as a sum of G's rows (G is symmetric): an axpy the JIT vectorises.
            for (int i = 0; i < nn; i++) {
                r[i] = -aty[i];
            }
            for (int j = 0; j < nn; j++) {
                double v = matrix[j];
                int row = j * nn;
                for (int i = 0; i < nn; i++) {
                    r[i] += v * gram[row + i];
                }
            }
            return;
        }
        Blas.dgemm(false, false, m, 1, nn, 1.0, a, 0, nn, matrix, 0, 1, 0.0, z, 0, 1);
        for (int i = 0; i < m; i++) {
            z[i] -= y[i];
        }
        Blas.dgemm(true, false, nn, 1, m, 1.0 / m, a, 0, nn, z, 0, 1, 0.0, r, 0, 1);
    }

    /** {@code ||M - M*||_F}. */
    double error(double[] matrix) {
        double s = 0;
        for (int i = 0; i < target.length; i++) {
            double d = matrix[i] - target[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** n x r matrix with orthonormal columns: Gram-Schmidt (twice, for accuracy) on a Gaussian matrix. */
    private static double[] orthonormalColumns(int n, int r, RandomStream rng) {
        double[] u = new double[n * r];
        rng.fillNormal(u);
        for (int j = 0; j < r; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < j; i++) {
                    double dot = 0;
                    for (int p = 0; p < n; p++) {
                        dot += u[p * r + i] * u[p * r + j];
                    }
                    for (int p = 0; p < n; p++) {
                        u[p * r + j] -= dot * u[p * r + i];
                    }
                }
            }
            double norm = 0;
            for (int p = 0; p < n; p++) {
                norm += u[p * r + j] * u[p * r + j];
            }
            norm = Math.sqrt(norm);
            for (int p = 0; p < n; p++) {
                u[p * r + j] /= norm;
            }
        }
        return u;
    }
}
