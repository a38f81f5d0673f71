package dev.gradus.nn.convex;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * ADMM for the {@link ConvexReluProgram} (Bai, Gautam, Sojoudi, "Efficient Global Optimization of Two-layer ReLU
 * Networks: Quadratic-time Algorithms and Adversarial Training", SIAM J. Math. Data Sci. 2023, Algorithm 3.1).
 * With {@code u = (v_1..v_P, w_1..w_P) ∈ ℝ^{2dP}}, {@code F = [D_1X … D_PX, −D_1X … −D_PX]} (so {@code Fu} are the
 * predictions) and {@code G = blockdiag((2D_i − I)X)} over the {@code 2P} blocks, the variables {@code u},
 * its copy {@code v}, the slack {@code s ≥ 0} of {@code Gu} and the scaled duals {@code λ, ν} iterate
 * <pre>
 *   u ← (I + FᵀF/ρ + GᵀG)⁻¹ (Fᵀy/ρ + v − λ + Gᵀ(s − ν))        (Cholesky factor computed once)
 *   v ← per block j:  (1 − (β/ρ)/‖u_j + λ_j‖)₊ (u_j + λ_j)       (group soft-thresholding)
 *   s ← max(Gu + ν, 0)
 *   λ ← λ + γ_a (u − v);    ν ← ν + γ_a (Gu − s)
 * </pre>
 * {@code GᵀG = I_{2P} ⊗ XᵀX} because {@code (2D_i − I)² = I}. The result is {@code v}, which is exactly group
 * sparse. Defaults follow the digest's check: {@code ρ = 0.1}, {@code γ_a = 1}. The system has size
 * {@code 2dP}: keep {@code P·d} below about a thousand for the dense Cholesky.
 *
 * <pre>{@code
 * ActivationPatterns d = ActivationPatterns.sample(x, 60, RandomStream.of(0));
 * ConvexReluSolution sol = new ConvexReluAdmm().rho(0.1).solve(new ConvexReluProgram(x, y, 0.01, d), 2000);
 * TwoLayerRelu net = sol.toNetwork();   // same objective: net.objective(x, y, 0.01)
 * }</pre>
 */
public final class ConvexReluAdmm {

    private double rho = 0.1;
    private double gamma = 1.0;
    private double tolerance;

    /** A solver with {@code ρ = 0.1}, {@code γ_a = 1}. */
    public ConvexReluAdmm() {
    }

    /** The penalty {@code ρ > 0}. */
    public ConvexReluAdmm rho(double value) {
        if (!(value > 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("convex relu admm: rho must be finite and > 0, got " + value);
        }
        this.rho = value;
        return this;
    }

    /** The dual step {@code γ_a ∈ (0, 2)}. */
    public ConvexReluAdmm gamma(double value) {
        if (!(value > 0.0 && value < 2.0)) {
            throw new IllegalArgumentException("convex relu admm: gamma must be in (0, 2), got " + value);
        }
        this.gamma = value;
        return this;
    }

    /**
     * Stops early once both primal residuals are small: {@code max(‖u − v‖∞, ‖Gu − s‖∞) ≤ tol}. Default 0: run
     * every iteration.
     */
    public ConvexReluAdmm tolerance(double tol) {
        if (!(tol >= 0.0)) {
            throw new IllegalArgumentException("convex relu admm: tolerance must be >= 0, got " + tol);
        }
        this.tolerance = tol;
        return this;
    }

    /** Runs up to {@code iterations} ADMM iterations from zero. */
    public ConvexReluSolution solve(ConvexReluProgram program, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("convex relu admm: iterations must be >= 1, got " + iterations);
        }
        double[][] x = program.x();
        double[] y = program.y();
        ActivationPatterns pat = program.patterns();
        int n = program.samples();
        int d = program.features();
        int p = program.patternCount();
        int blocks = 2 * p;
        int dim = blocks * d;

        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(dim, true);
        if (!chol.decompose(systemMatrix(x, pat, n, d, p, rho))) {
            throw new IllegalStateException("convex relu admm: the ADMM system matrix is not positive definite");
        }
        // L row by row and Lᵀ row by row, so that both triangular solves read memory in order.
        double[] lower = chol.getT(null).getData();
        double[] upper = new double[dim * dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j <= i; j++) {
                upper[j * dim + i] = lower[i * dim + j];
            }
        }
        double[] xf = new double[n * d];
        for (int k = 0; k < n; k++) {
            System.arraycopy(x[k], 0, xf, k * d, d);
        }
        // Fᵀy/ρ is constant.
        double[] fty = new double[dim];
        for (int i = 0; i < p; i++) {
            for (int k = 0; k < n; k++) {
                if (pat.active(i, k)) {
                    for (int c = 0; c < d; c++) {
                        double v = x[k][c] * y[k] / rho;
                        fty[i * d + c] += v;
                        fty[(p + i) * d + c] -= v;
                    }
                }
            }
        }

        double[] u = new double[dim];
        double[] v = new double[dim];
        double[] lam = new double[dim];
        double[] s = new double[blocks * n];
        double[] nu = new double[blocks * n];
        double[] gu = new double[blocks * n];
        double[] r = new double[dim];
        double threshold = program.beta() / rho;
        double[] objective = new double[iterations];
        double[] violation = new double[iterations];

        for (int t = 0; t < iterations; t++) {
            // u-step: rhs = Fᵀy/ρ + v − λ + Gᵀ(s − ν).
            for (int q = 0; q < dim; q++) {
                r[q] = fty[q] + v[q] - lam[q];
            }
            for (int j = 0; j < blocks; j++) {
                int i = j % p;
                for (int k = 0; k < n; k++) {
                    double z = s[j * n + k] - nu[j * n + k];
                    if (!pat.active(i, k)) {
                        z = -z;
                    }
                    if (z != 0.0) {
                        for (int c = 0; c < d; c++) {
                            r[j * d + c] += xf[k * d + c] * z;
                        }
                    }
                }
            }
            solveCholesky(lower, upper, dim, r, u);

            // v-step: group soft-thresholding of u + λ at β/ρ.
            for (int j = 0; j < blocks; j++) {
                double norm = 0.0;
                for (int c = 0; c < d; c++) {
                    double z = u[j * d + c] + lam[j * d + c];
                    norm += z * z;
                }
                norm = Math.sqrt(norm);
                double shrink = norm > threshold ? 1.0 - threshold / norm : 0.0;
                for (int c = 0; c < d; c++) {
                    v[j * d + c] = shrink * (u[j * d + c] + lam[j * d + c]);
                }
            }

            // s-step and dual updates.
            for (int j = 0; j < blocks; j++) {
                int i = j % p;
                for (int k = 0; k < n; k++) {
                    double z = 0.0;
                    for (int c = 0; c < d; c++) {
                        z += xf[k * d + c] * u[j * d + c];
                    }
                    gu[j * n + k] = pat.active(i, k) ? z : -z;
                }
            }
            double residual = 0.0;
            for (int q = 0; q < gu.length; q++) {
                s[q] = Math.max(gu[q] + nu[q], 0.0);
                nu[q] += gamma * (gu[q] - s[q]);
                residual = Math.max(residual, Math.abs(gu[q] - s[q]));
            }
            for (int q = 0; q < dim; q++) {
                lam[q] += gamma * (u[q] - v[q]);
                residual = Math.max(residual, Math.abs(u[q] - v[q]));
            }
            objective[t] = program.objective(v);
            violation[t] = program.constraintViolation(v);
            if (tolerance > 0.0 && residual <= tolerance) {
                return new ConvexReluSolution(program, v, java.util.Arrays.copyOf(objective, t + 1),
                        java.util.Arrays.copyOf(violation, t + 1));
            }
        }
        return new ConvexReluSolution(program, v, objective, violation);
    }

    /** {@code out = (L Lᵀ)⁻¹ b}: forward substitution with {@code L}, then back substitution with {@code Lᵀ}. */
    private static void solveCholesky(double[] lower, double[] upper, int dim, double[] b, double[] out) {
        for (int i = 0; i < dim; i++) {
            double s = b[i];
            int row = i * dim;
            for (int j = 0; j < i; j++) {
                s -= lower[row + j] * out[j];
            }
            out[i] = s / lower[row + i];
        }
        for (int i = dim - 1; i >= 0; i--) {
            double s = out[i];
            int row = i * dim;
            for (int j = i + 1; j < dim; j++) {
                s -= upper[row + j] * out[j];
            }
            out[i] = s / upper[row + i];
        }
    }

    /** {@code I + FᵀF/ρ + I_{2P} ⊗ XᵀX}, dense. */
    private static DMatrixRMaj systemMatrix(double[][] x, ActivationPatterns pat, int n, int d, int p, double rho) {
        int blocks = 2 * p;
        int dim = blocks * d;
        DMatrixRMaj k = new DMatrixRMaj(dim, dim);
        // FᵀF block (a, b) = σ_a σ_b Xᵀ D_a D_b X over the patterns of blocks a and b; σ = +1 for v, −1 for w.
        double[] gram = new double[d * d];
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                java.util.Arrays.fill(gram, 0.0);
                for (int row = 0; row < n; row++) {
                    if (pat.active(a, row) && pat.active(b, row)) {
                        double[] xr = x[row];
                        for (int c1 = 0; c1 < d; c1++) {
                            for (int c2 = 0; c2 < d; c2++) {
                                gram[c1 * d + c2] += xr[c1] * xr[c2];
                            }
                        }
                    }
                }
                for (int sa = 0; sa < 2; sa++) {
                    for (int sb = 0; sb < 2; sb++) {
                        double sign = (sa == sb ? 1.0 : -1.0) / rho;
                        int ra = (sa * p + a) * d;
                        int cb = (sb * p + b) * d;
                        for (int c1 = 0; c1 < d; c1++) {
                            for (int c2 = 0; c2 < d; c2++) {
                                double g = sign * gram[c1 * d + c2];
                                k.add(ra + c1, cb + c2, g);
                                if (a != b) {
                                    k.add(cb + c2, ra + c1, g);
                                }
                            }
                        }
                    }
                }
            }
        }
        double[] xtx = new double[d * d];
        for (double[] xr : x) {
            for (int c1 = 0; c1 < d; c1++) {
                for (int c2 = 0; c2 < d; c2++) {
                    xtx[c1 * d + c2] += xr[c1] * xr[c2];
                }
            }
        }
        for (int j = 0; j < blocks; j++) {
            for (int c1 = 0; c1 < d; c1++) {
                k.add(j * d + c1, j * d + c1, 1.0);
                for (int c2 = 0; c2 < d; c2++) {
                    k.add(j * d + c1, j * d + c2, xtx[c1 * d + c2]);
                }
            }
        }
        return k;
    }
}
