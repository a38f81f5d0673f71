package dev.gradus.distributed.gossip;

import dev.gradus.tensor.Linalg;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * Heterogeneous ridge regression: node {@code i} holds {@code m} rows {@code (A_i, b_i)} drawn around its own
 * centre, and {@code f_i(x) = (1 / 2m) ||A_i x - b_i||^2 + (mu / 2) ||x||^2}. The conditioning is set exactly:
 * {@code A_i = Q_i diag(sqrt(m (L - mu) s_c))} with {@code Q_i} a random {@code m x d} matrix of orthonormal
 * columns and {@code s} spread evenly from 1 down to 0, so every Hessian is {@code diag(mu + (L - mu) s_c)}: each
 * {@code f_i} is {@code L}-smooth and {@code mu}-strongly convex, and the nodes differ in their data and centres.
 * The optimum is solved exactly from the normal equations.
 */
public final class RidgeProblem implements LocalObjectives {
    private final int n;
    private final int d;
    private final int m;
    private final double mu;
    private final double[][] a;
    private final double[][] b;
    private final double[] optimum;

    private RidgeProblem(int n, int d, int m, double mu, double[][] a, double[][] b) {
        this.n = n;
        this.d = d;
        this.m = m;
        this.mu = mu;
        this.a = a;
        this.b = b;
        this.optimum = solve();
    }

    /**
     * {@code n} nodes, dimension {@code d}, {@code m >= d} rows each; every {@code f_i} is {@code smoothness}-smooth
     * and {@code mu}-strongly convex; node centres differ by {@code heterogeneity}.
     */
    public static RidgeProblem of(int n, int d, int m, double smoothness, double mu, double heterogeneity,
            RandomStream rng) {
        if (m < d || !(smoothness > mu) || !(mu > 0)) {
            throw new IllegalArgumentException("ridge: need m >= d and L > mu > 0; got m=" + m + ", d=" + d + ", L="
                    + smoothness + ", mu=" + mu);
        }
        double[][] a = new double[n][];
        double[][] b = new double[n][];
        for (int i = 0; i < n; i++) {
            Tensor q = Linalg.qr(Tensor.randn(rng, m, d)).q(); // m x d, orthonormal columns
            double[] qd = q.data();
            double[] ai = new double[m * d];
            for (int c = 0; c < d; c++) {
                double s = d == 1 ? 1.0 : 1.0 - (double) c / (d - 1); // spectrum 1 .. 0 of A^T A / (m (L - mu))
                double scale = Math.sqrt(m * (smoothness - mu) * s);
                for (int r = 0; r < m; r++) {
                    ai[r * d + c] = qd[r * d + c] * scale;
                }
            }
            double[] centre = new double[d];
            for (int c = 0; c < d; c++) {
                centre[c] = heterogeneity * rng.normal();
            }
            double[] bi = new double[m];
            for (int r = 0; r < m; r++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    s += ai[r * d + c] * centre[c];
                }
                bi[r] = s + rng.normal();
            }
            a[i] = ai;
            b[i] = bi;
        }
        return new RidgeProblem(n, d, m, mu, a, b);
    }

    @Override
    public int nodes() {
        return n;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public double gradient(int node, double[] x, double[] grad) {
        double[] ai = a[node];
        double[] bi = b[node];
        java.util.Arrays.fill(grad, 0.0);
        double loss = 0;
        for (int r = 0; r < m; r++) {
            double res = -bi[r];
            for (int c = 0; c < d; c++) {
                res += ai[r * d + c] * x[c];
            }
            loss += res * res;
            for (int c = 0; c < d; c++) {
                grad[c] += ai[r * d + c] * res / m;
            }
        }
        double sq = 0;
        for (int c = 0; c < d; c++) {
            grad[c] += mu * x[c];
            sq += x[c] * x[c];
        }
        return loss / (2.0 * m) + 0.5 * mu * sq;
    }

    @Override
    public double[] optimum() {
        return optimum.clone();
    }

    private double[] solve() {
        double[] h = new double[d * d];
        double[] rhs = new double[d];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < d; c++) {
                    double arc = a[i][r * d + c];
                    rhs[c] += arc * b[i][r] / m;
                    for (int k = 0; k < d; k++) {
                        h[c * d + k] += arc * a[i][r * d + k] / m;
                    }
                }
            }
            for (int c = 0; c < d; c++) {
                h[c * d + c] += mu;
            }
        }
        return Linalg.solve(Tensor.of(h, d, d), Tensor.of(rhs, d, 1)).data();
    }
}
