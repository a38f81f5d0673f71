package dev.gradus.nn.convex;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * An independent reference solver for small {@link ConvexReluProgram}s: a log-barrier interior-point method
 * with Newton steps on the epigraph form
 * <pre>
 *   min t·(½‖Fu − y‖² + β Σ_j τ_j) − Σ log (Gu)_q − Σ_j log(τ_j² − ‖u_j‖²)
 * </pre>
 * for {@code t = 1, 10, 100, ...} until the duality-gap bound {@code m/t} is below {@code 1e-11}. Dense, for
 * tests only: it needs a strictly feasible start (one direction per block that induces its pattern).
 */
final class BarrierReference {

    private BarrierReference() {
    }

    static double solve(ConvexReluProgram prog, double[][] start) {
        double[][] x = prog.x();
        double[] y = prog.y();
        int n = prog.samples();
        int d = prog.features();
        int p = prog.patternCount();
        int blocks = 2 * p;
        int nu = blocks * d;
        int dim = nu + blocks;
        double[][] f = new double[n][nu];
        double[][] g = new double[blocks * n][nu];
        for (int j = 0; j < blocks; j++) {
            int i = j % p;
            double sign = j < p ? 1 : -1;
            for (int k = 0; k < n; k++) {
                boolean on = prog.patterns().active(i, k);
                for (int c = 0; c < d; c++) {
                    if (on) {
                        f[k][j * d + c] = sign * x[k][c];
                    }
                    g[j * n + k][j * d + c] = on ? x[k][c] : -x[k][c];
                }
            }
        }
        double[] z = new double[dim];
        for (int j = 0; j < blocks; j++) {
            double norm = 0;
            for (int c = 0; c < d; c++) {
                z[j * d + c] = 0.1 * start[j % p][c];
                norm += z[j * d + c] * z[j * d + c];
            }
            z[nu + j] = Math.sqrt(norm) + 1.0;
        }
        int m = blocks * n + blocks;
        for (double t = 1.0; m / t > 1e-11; t *= 10) {
            for (int it = 0; it < 200; it++) {
                double[] grad = new double[dim];
                DMatrixRMaj h = new DMatrixRMaj(dim, dim);
                double[] res = new double[n];
                for (int k = 0; k < n; k++) {
                    res[k] = dot(f[k], z) - y[k];
                    for (int a = 0; a < nu; a++) {
                        if (f[k][a] == 0) {
                            continue;
                        }
                        grad[a] += t * f[k][a] * res[k];
                        for (int b = 0; b < nu; b++) {
                            h.add(a, b, t * f[k][a] * f[k][b]);
                        }
                    }
                }
                for (double[] gq : g) {
                    double cq = dot(gq, z);
                    for (int a = 0; a < nu; a++) {
                        if (gq[a] == 0) {
                            continue;
                        }
                        grad[a] -= gq[a] / cq;
                        for (int b = 0; b < nu; b++) {
                            h.add(a, b, gq[a] * gq[b] / (cq * cq));
                        }
                    }
                }
                for (int j = 0; j < blocks; j++) {
                    double tau = z[nu + j];
                    double sq = 0;
                    for (int c = 0; c < d; c++) {
                        sq += z[j * d + c] * z[j * d + c];
                    }
                    double psi = tau * tau - sq;
                    grad[nu + j] += t * prog.beta() - 2 * tau / psi;
                    h.add(nu + j, nu + j, -2 / psi + 4 * tau * tau / (psi * psi));
                    for (int c = 0; c < d; c++) {
                        double uc = z[j * d + c];
                        grad[j * d + c] += 2 * uc / psi;
                        h.add(j * d + c, j * d + c, 2 / psi);
                        h.add(j * d + c, nu + j, -4 * tau * uc / (psi * psi));
                        h.add(nu + j, j * d + c, -4 * tau * uc / (psi * psi));
                        for (int c2 = 0; c2 < d; c2++) {
                            h.add(j * d + c, j * d + c2, 4 * uc * z[j * d + c2] / (psi * psi));
                        }
                    }
                }
                DMatrixRMaj step = new DMatrixRMaj(dim, 1);
                DMatrixRMaj rhs = new DMatrixRMaj(dim, 1, true, grad);
                CommonOps_DDRM.solve(h, rhs, step);
                double decrement = 0;
                for (int a = 0; a < dim; a++) {
                    decrement += grad[a] * step.get(a);
                }
                if (decrement / 2 < 1e-13) {
                    break;
                }
                double phi0 = barrier(prog, f, g, z, t, nu, blocks, d);
                double s = 1.0;
                while (true) {
                    double[] zn = z.clone();
                    for (int a = 0; a < dim; a++) {
                        zn[a] -= s * step.get(a);
                    }
                    double phi = barrier(prog, f, g, zn, t, nu, blocks, d);
                    if (phi <= phi0 - 0.25 * s * decrement) {
                        z = zn;
                        break;
                    }
                    s *= 0.5;
                    if (s < 1e-20) {
                        throw new IllegalStateException("barrier line search failed at t=" + t);
                    }
                }
            }
        }
        return prog.objective(java.util.Arrays.copyOf(z, nu));
    }

    private static double barrier(ConvexReluProgram prog, double[][] f, double[][] g, double[] z, double t, int nu,
            int blocks, int d) {
        double loss = 0;
        for (int k = 0; k < f.length; k++) {
            double r = dot(f[k], z) - prog.y()[k];
            loss += 0.5 * r * r;
        }
        double tauSum = 0;
        double logs = 0;
        for (int j = 0; j < blocks; j++) {
            double tau = z[nu + j];
            double sq = 0;
            for (int c = 0; c < d; c++) {
                sq += z[j * d + c] * z[j * d + c];
            }
            double psi = tau * tau - sq;
            if (!(psi > 0) || !(tau > 0)) {
                return Double.POSITIVE_INFINITY;
            }
            tauSum += tau;
            logs -= Math.log(psi);
        }
        for (double[] gq : g) {
            double c = dot(gq, z);
            if (!(c > 0)) {
                return Double.POSITIVE_INFINITY;
            }
            logs -= Math.log(c);
        }
        return t * (loss + prog.beta() * tauSum) + logs;
    }

    private static double dot(double[] a, double[] z) {
        double s = 0;
        for (int q = 0; q < a.length; q++) {
            s += a[q] * z[q];
        }
        return s;
    }
}
