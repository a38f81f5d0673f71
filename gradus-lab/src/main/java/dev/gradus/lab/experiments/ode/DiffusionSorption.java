package dev.gradus.lab.experiments.ode;

import dev.gradus.autodiff.Var;

/**
 * PDEBench's 1-D diffusion-sorption problem (Takamoto et al., "PDEBench", NeurIPS 2022 Datasets and Benchmarks), in
 * time scaled by {@code T = 500}: on {@code x, tau in [0, 1]},
 * <pre>
 *   u_tau = kappa u_xx / R(u),   kappa = D T = 0.25,
 *   R(u)  = 1 + ((1 - phi) / phi) rho_s k n_f (max(u, 0) + eps)^(n_f - 1)         (Freundlich retardation)
 *   u(x, 0) = 0,   u(0, tau) = 1,   u(1, tau) = 0
 * </pre>
 * with PDEBench's {@code phi = 0.29}, {@code rho_s = 2880}, {@code k = 3.5e-4}, {@code n_f = 0.874},
 * {@code D = 5e-4}. Two deviations, both stated in the experiment: {@code eps = 1e-3} keeps {@code R} finite at
 * {@code u = 0} (PDEBench's {@code u^(n_f - 1)} is singular there), and the right boundary is Dirichlet 0 instead of
 * PDEBench's {@code u = D u_x}: with {@code D = 5e-4} the two differ by far less than the errors measured.
 *
 * <p>{@link #reference} is a finite-difference method-of-lines solution (201 points, explicit Euler at
 * {@code 0.4 dx^2 / kappa}), the yardstick of the relative L2 errors.
 */
final class DiffusionSorption {
    static final double KAPPA = 5e-4 * 500;
    static final double NF = 0.874;
    static final double EPS = 1e-3;
    static final double C = (1 - 0.29) / 0.29 * 2880 * 3.5e-4 * NF;

    /** Evaluation grid size per axis (x_i = i / (GRID - 1), tau_j likewise). */
    static final int GRID = 41;

    private static final double[][] REFERENCE = solve();

    private DiffusionSorption() {}

    static double retardation(double u) {
        return 1 + C * Math.pow(Math.max(u, 0) + EPS, NF - 1);
    }

    /** The PDE residual {@code u_tau - kappa u_xx / R(u)} as autodiff ops, from u, u_tau and u_xx at the same points. */
    static Var pdeResidual(Var u, Var ut, Var uxx) {
        Var r = u.relu().add(EPS).pow(NF - 1).mul(C).add(1);
        return ut.sub(uxx.div(r).mul(KAPPA));
    }

    /** dR/du (zero for u < 0, where R is constant). */
    static double retardationSlope(double u) {
        return u > 0 ? C * (NF - 1) * Math.pow(u + EPS, NF - 2) : 0;
    }

    /** The reference u(x_i, tau_j) on the evaluation grid, indexed [j][i]. */
    static double[][] reference() {
        return REFERENCE;
    }

    private static double[][] solve() {
        int nx = 201;
        double dx = 1.0 / (nx - 1);
        int perSample = 625; // (GRID - 1) * perSample steps of dt cover tau in [0, 1]
        double dt = 1.0 / ((GRID - 1) * perSample);
        if (dt > 0.4 * dx * dx / KAPPA) {
            throw new IllegalStateException("diffusion-sorption reference: explicit step too large");
        }
        double[] u = new double[nx];
        double[] next = new double[nx];
        u[0] = 1;
        double[][] out = new double[GRID][GRID];
        int stride = (nx - 1) / (GRID - 1);
        for (int j = 0; j < GRID; j++) {
            for (int i = 0; i < GRID; i++) {
                out[j][i] = u[i * stride];
            }
            if (j == GRID - 1) {
                break;
            }
            for (int s = 0; s < perSample; s++) {
                next[0] = 1;
                next[nx - 1] = 0;
                for (int i = 1; i < nx - 1; i++) {
                    double lap = (u[i + 1] - 2 * u[i] + u[i - 1]) / (dx * dx);
                    next[i] = u[i] + dt * KAPPA * lap / retardation(u[i]);
                }
                double[] tmp = u;
                u = next;
                next = tmp;
            }
        }
        return out;
    }
}
