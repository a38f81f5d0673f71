package dev.gradus.lab.experiments;

import dev.gradus.optim.factor.Rebalancing;
import dev.gradus.tensor.Blas;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * Gradient descent on matrix sensing, written as in Xiong, Ding and Du (ICLR 2024), section 2 and 5:
 *
 * <pre>
 * symmetric:   X_{t+1} = X_t - eta * sym(R(X_t X_t^T)) X_t,          sym(R) = (R + R^T) / 2,  X in R^{n x k}
 * asymmetric:  F_{t+1} = F_t - eta * R(F_t G_t^T) G_t
 *              G_{t+1} = G_t - eta * R(F_t G_t^T)^T F_t               (both from the pre-step values)
 * one-step modification (reconstructed, unconfirmed against the paper's eq. 5.1; 01-optimizers.md section 10):
 *              F <- F (F^T F)^{-1/2},  G <- G (F^T F)^{1/2}           (F G^T unchanged)
 * </pre>
 *
 * <p>Initialisation: X with iid N(0, alpha^2) entries; F with N(0, alpha^2) and G with N(0, (alpha/3)^2), the
 * paper's deliberately imbalanced start. The symmetric step uses sym(R) X rather than the exact gradient
 * 2 sym(R) X, as in the spec; the factor 2 only rescales eta.
 *
 * <p>Each run returns the error {@code ||M_t - M*||_F} every {@code stride} steps, t = 0, stride, ..., T.
 */
final class SensingGd {
    private SensingGd() {}

    /** The recorded trajectory: steps and the errors at those steps. */
    record Trajectory(double[] steps, double[] error) {}

    static Trajectory symmetric(SensingProblem p, int k, double alpha, double eta, int steps, int stride,
                                RandomStream rng) {
        int n = p.n;
        double[] x = new double[n * k];
        rng.fillNormal(x);
        scale(x, alpha);
        double[] mat = new double[n * n];
        double[] r = new double[n * n];
        double[] s = new double[n * n];
        double[] d = new double[n * k];
        Recorder rec = new Recorder(steps, stride);
        for (int t = 0; ; t++) {
            Blas.dgemm(false, true, n, n, k, 1.0, x, 0, k, x, 0, k, 0.0, mat, 0, n);
            rec.record(t, p.error(mat));
            if (t == steps) {
                break;
            }
            p.residual(mat, r);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    s[i * n + j] = 0.5 * (r[i * n + j] + r[j * n + i]);
                }
            }
            Blas.dgemm(false, false, n, k, n, 1.0, s, 0, n, x, 0, k, 0.0, d, 0, k);
            for (int i = 0; i < x.length; i++) {
                x[i] -= eta * d[i];
            }
        }
        return rec.trajectory();
    }

    /**
     * Asymmetric GD; when {@code rebalanceAt >= 0} the one-step modification replaces the plain step at that
     * iteration.
     */
    static Trajectory asymmetric(SensingProblem p, int k, double alpha, double eta, int steps, int stride,
                                 int rebalanceAt, RandomStream rng) {
        int n = p.n;
        double[] f = new double[n * k];
        double[] g = new double[n * k];
        rng.fork("F").fillNormal(f);
        rng.fork("G").fillNormal(g);
        scale(f, alpha);
        scale(g, alpha / 3);
        double[] mat = new double[n * n];
        double[] r = new double[n * n];
        double[] df = new double[n * k];
        double[] dg = new double[n * k];
        Recorder rec = new Recorder(steps, stride);
        for (int t = 0; ; t++) {
            Blas.dgemm(false, true, n, n, k, 1.0, f, 0, k, g, 0, k, 0.0, mat, 0, n);
            rec.record(t, p.error(mat));
            if (t == steps) {
                break;
            }
            if (t == rebalanceAt) {
                Rebalancing.rebalance(Tensor.of(f, n, k), Tensor.of(g, n, k)); // views: in place
                continue;
            }
            p.residual(mat, r);
            Blas.dgemm(false, false, n, k, n, 1.0, r, 0, n, g, 0, k, 0.0, df, 0, k);
            Blas.dgemm(true, false, n, k, n, 1.0, r, 0, n, f, 0, k, 0.0, dg, 0, k);
            for (int i = 0; i < f.length; i++) {
                f[i] -= eta * df[i];
                g[i] -= eta * dg[i];
            }
        }
        return rec.trajectory();
    }

    private static void scale(double[] v, double s) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= s;
        }
    }

    /** Keeps every stride-th point and the last one. */
    private static final class Recorder {
        private final int stride;
        private final double[] steps;
        private final double[] error;
        private final int last;
        private int count;

        Recorder(int totalSteps, int stride) {
            this.stride = stride;
            this.last = totalSteps;
            int n = totalSteps / stride + 1 + (totalSteps % stride == 0 ? 0 : 1);
            steps = new double[n];
            error = new double[n];
        }

        void record(int t, double e) {
            if (t % stride == 0 || t == last) {
                steps[count] = t;
                error[count] = e;
                count++;
            }
        }

        Trajectory trajectory() {
            return new Trajectory(steps, error);
        }
    }
}
