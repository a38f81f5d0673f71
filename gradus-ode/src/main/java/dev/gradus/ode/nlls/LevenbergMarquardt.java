package dev.gradus.ode.nlls;

import dev.gradus.tensor.Linalg;
import dev.gradus.tensor.Tensor;
import java.util.List;

/**
 * Levenberg-Marquardt for {@code min_w F(w) = 1/2 ||r(w)||^2}, following Madsen, Nielsen and Tingleff, "Methods for
 * non-linear least squares problems" (DTU, 2004), Algorithm 3.16, with Nielsen's damping schedule:
 * <pre>
 *   A = J^T J,  g = J^T r,  mu_0 = tau * max_i A_ii,  nu = 2
 *   repeat:  solve (A + mu I) h = -g                       (Cholesky)
 *            rho = (F(w) - F(w + h)) / (1/2 h^T (mu h - g)) (actual over predicted decrease; the numerator is
 *                                                            summed as (r - r')(r + r')/2 so rounding does not stall it)
 *            if rho > 0:  w += h;  mu *= max(1/3, 1 - (2 rho - 1)^3);  nu = 2     (accept)
 *            else:        mu *= nu;  nu *= 2                                        (reject, damp harder)
 * </pre>
 * It stops when {@code ||g||_inf <= gradientTolerance} ({@link Termination#GRADIENT}), when
 * {@code ||h|| <= stepTolerance (||w|| + stepTolerance)} ({@link Termination#STEP}), when {@code F <= costTolerance}
 * ({@link Termination#COST}, an exactly satisfiable system), or after {@code maxIterations} steps, accepted or not
 * ({@link Termination#MAX_ITERATIONS}). Near the minimum the predicted decrease falls below the rounding of {@code F}
 * (under {@code 1e-12 F}), where {@code rho} is noise and plain LM stalls about {@code sqrt(machine epsilon)} from the
 * minimum; there a step is accepted when it lowers {@code ||g||_inf} instead, so that tight tolerances can be met
 * (the implicit backward and its finite-difference checks need the minimiser to near machine precision). Defaults: {@code tau = 1e-3}, {@code gradientTolerance = 1e-10},
 * {@code stepTolerance = 1e-12}, {@code costTolerance = 1e-28}, {@code maxIterations = 100}.
 *
 * <p>Works on plain tensors (no graph): it is the forward pass of {@link DifferentiableLeastSquares}. Its agreement
 * with Hipparchus' {@code LevenbergMarquardtOptimizer} on standard problems is tested.
 *
 * @param tau               initial damping relative to the largest diagonal entry of {@code J^T J}
 * @param gradientTolerance stop when the gradient's largest entry is at most this
 * @param stepTolerance     relative step-size tolerance
 * @param costTolerance     stop when {@code F} is at most this
 * @param maxIterations     the most LM steps (accepted or rejected)
 */
public record LevenbergMarquardt(double tau, double gradientTolerance, double stepTolerance, double costTolerance,
                                 int maxIterations) {
    /** Predicted decreases below this fraction of F are within its rounding; see the class comment. */
    private static final double ROUNDING_LEVEL = 1e-12;

    /** Why a solve stopped. */
    public enum Termination { GRADIENT, STEP, COST, MAX_ITERATIONS }

    /**
     * A finished solve.
     *
     * @param w           the solution {@code [n]}
     * @param cost        {@code F(w) = 1/2 ||r(w)||^2}
     * @param iterations  LM steps taken (accepted and rejected)
     * @param termination the stopping rule that fired
     * @param jacobian    the Jacobian {@code J = dr/dw} {@code [m, n]} at {@code w}
     * @param normal      {@code J^T J} {@code [n, n]} at {@code w}, as {@link #normalEquations} forms it
     */
    public record Result(Tensor w, double cost, int iterations, Termination termination, Tensor jacobian,
                         Tensor normal) {}

    /** Validates the settings. */
    public LevenbergMarquardt {
        if (!(tau > 0) || !(gradientTolerance >= 0) || !(stepTolerance >= 0) || !(costTolerance >= 0)) {
            throw new IllegalArgumentException("LevenbergMarquardt: need tau > 0 and tolerances >= 0, got tau = " + tau
                    + ", gradientTolerance = " + gradientTolerance + ", stepTolerance = " + stepTolerance
                    + ", costTolerance = " + costTolerance);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("LevenbergMarquardt: maxIterations must be >= 1, got " + maxIterations);
        }
    }

    /** The defaults of the class comment. */
    public static LevenbergMarquardt defaults() {
        return new LevenbergMarquardt(1e-3, 1e-10, 1e-12, 1e-28, 100);
    }

    /** The same settings with another iteration cap. */
    public LevenbergMarquardt withMaxIterations(int iterations) {
        return new LevenbergMarquardt(tau, gradientTolerance, stepTolerance, costTolerance, iterations);
    }

    /** Minimises {@code 1/2 ||f(w, theta)||^2} over {@code w} from {@code w0} (not modified), {@code theta} fixed. */
    public Result minimize(ResidualFunction f, Tensor w0, List<Tensor> theta) {
        if (w0.rank() != 1) {
            throw new IllegalArgumentException("LevenbergMarquardt: w0 must be a vector [n], got rank " + w0.rank());
        }
        int n = w0.size();
        Tensor w = w0.copy();
        Tensor r = f.value(w, theta);
        double cost = halfSquaredNorm(r);
        Tensor jac = f.jacobian(w, theta);
        checkJacobian(jac, r.size(), n);
        double[] a = new double[n * n];
        double[] g = new double[n];
        normalEquations(jac.data(), r.data(), r.size(), n, a, g);
        double maxDiag = 0;
        for (int i = 0; i < n; i++) {
            maxDiag = Math.max(maxDiag, a[i * n + i]);
        }
        double mu = tau * Math.max(maxDiag, Double.MIN_NORMAL);
        double nu = 2;
        if (cost <= costTolerance) {
            return new Result(w, cost, 0, Termination.COST, jac, Tensor.of(a, n, n));
        }
        if (maxAbs(g) <= gradientTolerance) {
            return new Result(w, cost, 0, Termination.GRADIENT, jac, Tensor.of(a, n, n));
        }
        double[] aTrial = new double[n * n];
        double[] gTrial = new double[n];
        Tensor damped = Tensor.zeros(n, n);
        Tensor rhs = Tensor.zeros(n, 1);
        for (int k = 1; k <= maxIterations; k++) {
            double[] d = damped.data();
            System.arraycopy(a, 0, d, 0, n * n);
            for (int i = 0; i < n; i++) {
                d[i * n + i] += mu;
                rhs.data()[i] = -g[i];
            }
            damped.markModified();
            rhs.markModified();
            double[] h = Linalg.choleskySolve(damped, rhs).data();
            double hNorm = 0;
            double wNorm = 0;
            for (int i = 0; i < n; i++) {
                hNorm += h[i] * h[i];
                wNorm += w.data()[i] * w.data()[i];
            }
            hNorm = Math.sqrt(hNorm);
            if (hNorm <= stepTolerance * (Math.sqrt(wNorm) + stepTolerance)) {
                return new Result(w, cost, k, Termination.STEP, jac, Tensor.of(a, n, n));
            }
            Tensor trial = w.copy();
            double predicted = 0;
            for (int i = 0; i < n; i++) {
                trial.data()[i] += h[i];
                predicted += h[i] * (mu * h[i] - g[i]);
            }
            predicted *= 0.5;
            trial.markModified();
            Tensor rTrial = f.value(trial, theta);
            double costTrial = halfSquaredNorm(rTrial);
            // the actual decrease as sum (r - r') (r + r') / 2: a difference of two costs loses it to rounding once
            // w is within sqrt(machine epsilon) of the minimum, which would stall LM there
            double actual = 0;
            double[] rd = r.data();
            double[] rt = rTrial.data();
            for (int i = 0; i < rd.length; i++) {
                actual += (rd[i] - rt[i]) * (rd[i] + rt[i]);
            }
            actual *= 0.5;
            double rho = predicted > 0 ? actual / predicted : -1;
            boolean accept = rho > 0 && Double.isFinite(costTrial);
            Tensor jacTrial = null;
            if (!accept && Double.isFinite(costTrial) && predicted <= ROUNDING_LEVEL * cost) {
                // the predicted decrease is below the rounding of F, so rho is noise: LM would stall about
                // sqrt(machine epsilon) away from the minimum. Decide by the gradient instead.
                jacTrial = f.jacobian(trial, theta);
                checkJacobian(jacTrial, rTrial.size(), n);
                normalEquations(jacTrial.data(), rTrial.data(), rTrial.size(), n, aTrial, gTrial);
                accept = maxAbs(gTrial) < maxAbs(g);
            }
            if (accept) {
                w = trial;
                r = rTrial;
                cost = costTrial;
                if (jacTrial != null) {
                    jac = jacTrial;
                    System.arraycopy(aTrial, 0, a, 0, n * n);
                    System.arraycopy(gTrial, 0, g, 0, n);
                    rho = 0.5; // leaves mu unchanged
                } else {
                    jac = f.jacobian(w, theta);
                    checkJacobian(jac, r.size(), n);
                    normalEquations(jac.data(), r.data(), r.size(), n, a, g);
                }
                double t = 2 * rho - 1;
                mu *= Math.max(1.0 / 3.0, 1 - t * t * t);
                nu = 2;
                if (cost <= costTolerance) {
                    return new Result(w, cost, k, Termination.COST, jac, Tensor.of(a, n, n));
                }
                if (maxAbs(g) <= gradientTolerance) {
                    return new Result(w, cost, k, Termination.GRADIENT, jac, Tensor.of(a, n, n));
                }
            } else {
                mu *= nu;
                nu *= 2;
            }
        }
        return new Result(w, cost, maxIterations, Termination.MAX_ITERATIONS, jac, Tensor.of(a, n, n));
    }

    /** {@code A = J^T J} into {@code a [n*n]} and {@code g = J^T r} into {@code g [n]}; J is {@code [m, n]} row-major. */
    static void normalEquations(double[] j, double[] r, int m, int n, double[] a, double[] g) {
        java.util.Arrays.fill(a, 0, n * n, 0.0);
        java.util.Arrays.fill(g, 0, n, 0.0);
        for (int row = 0; row < m; row++) {
            int base = row * n;
            double ri = r[row];
            for (int p = 0; p < n; p++) {
                double jp = j[base + p];
                if (jp == 0) {
                    continue;
                }
                g[p] += jp * ri;
                int ap = p * n;
                for (int q = p; q < n; q++) {
                    a[ap + q] += jp * j[base + q];
                }
            }
        }
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < p; q++) {
                a[p * n + q] = a[q * n + p];
            }
        }
    }

    private static void checkJacobian(Tensor jac, int m, int n) {
        if (jac.rank() != 2 || jac.dim(0) != m || jac.dim(1) != n) {
            throw new IllegalArgumentException("LevenbergMarquardt: the Jacobian must be [" + m + ", " + n
                    + "] (residuals x unknowns), got " + java.util.Arrays.toString(jac.shape()));
        }
    }

    private static double halfSquaredNorm(Tensor r) {
        double s = 0;
        for (double v : r.data()) {
            s += v * v;
        }
        return 0.5 * s;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
