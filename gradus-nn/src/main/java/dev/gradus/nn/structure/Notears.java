package dev.gradus.nn.structure;

import dev.gradus.optim.bounded.BoundedResult;
import dev.gradus.optim.bounded.ProjectedLbfgs;
import java.util.Arrays;

/**
 * NOTEARS for linear SEMs (X. Zheng, B. Aragam, P. Ravikumar, E. Xing, "DAGs with NO TEARS: Continuous Optimization
 * for Structure Learning", NeurIPS 2018, Algorithm 1; code followed: {@code xunzheng/notears linear.py}):
 * <pre>
 *   min_W F(W) + λ‖W‖₁   s.t.  h(W) = tr(e^{W∘W}) − d = 0
 *   augmented Lagrangian  L_ρ,α(W) = F(W) + λ‖W‖₁ + (ρ/2) h(W)² + α h(W)
 *   smooth L1: W = W⁺ − W⁻, W± ≥ 0 (diagonals fixed at 0), ‖W‖₁ = Σ (W⁺ + W⁻)
 *   ∇_{W±} L = ±(∇F + (ρh + α) ∇h) + λ
 *   outer: repeat { W_new = argmin L_ρ,α from W (bounded quasi-Newton);  if h(W_new) &gt; ¼ h(W): ρ ← 10ρ, retry }
 *          W ← W_new,  α ← α + ρ h(W);  stop when h ≤ h_tol or ρ ≥ ρ_max (at most max_iter rounds)
 *   finally set entries with |w| &lt; w_threshold to 0
 * </pre>
 * F is {@link LeastSquaresScore}, h is {@link Acyclicity}. Defaults are the reference code's: {@code lambda1 = 0.1}
 * ({@code notears_linear} has no default; its demo uses 0.1), {@code max_iter = 100, h_tol = 1e-8, rho_max = 1e16,
 * w_threshold = 0.3}, start at {@code W = 0, ρ = 1, α = 0}. The inner solver is {@link ProjectedLbfgs} with
 * scipy's L-BFGS-B tolerances, where the reference calls scipy's L-BFGS-B.
 */
public final class Notears {
    private double lambda1 = 0.1;
    private int maxIter = 100;
    private double hTol = 1e-8;
    private double rhoMax = 1e16;
    private double wThreshold = 0.3;

    /** NOTEARS with the reference defaults. */
    public Notears() {}

    /** The L1 weight λ; default 0.1. */
    public Notears lambda1(double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException("Notears: lambda1 must be non-negative, got " + v);
        }
        lambda1 = v;
        return this;
    }

    /** The number of dual ascent rounds; default 100. */
    public Notears maxIter(int v) {
        if (v < 1) {
            throw new IllegalArgumentException("Notears: maxIter must be at least 1, got " + v);
        }
        maxIter = v;
        return this;
    }

    /** The acyclicity tolerance h_tol; default 1e-8. */
    public Notears hTol(double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException("Notears: hTol must be positive, got " + v);
        }
        hTol = v;
        return this;
    }

    /** The weight threshold; default 0.3. */
    public Notears wThreshold(double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException("Notears: wThreshold must be non-negative, got " + v);
        }
        wThreshold = v;
        return this;
    }

    /** Runs NOTEARS on the score of the data. */
    public NotearsResult fit(LeastSquaresScore score) {
        int d = score.dim();
        int dd = d * d;
        double[] x = new double[2 * dd];
        double[] lower = new double[2 * dd];
        double[] upper = new double[2 * dd];
        Arrays.fill(upper, Double.POSITIVE_INFINITY);
        for (int i = 0; i < d; i++) {
            upper[i * d + i] = 0;
            upper[dd + i * d + i] = 0;
        }
        double[] rho = {1.0};
        double[] alpha = {0.0};
        double h = Double.POSITIVE_INFINITY;
        ProjectedLbfgs solver = new ProjectedLbfgs();
        double[] w = new double[dd];
        double[] gf = new double[dd];
        double[] gh = new double[dd];
        int rounds = 0;
        int innerSolves = 0;
        for (int it = 0; it < maxIter; it++) {
            rounds++;
            double[] xNew = null;
            double hNew = Double.NaN;
            while (rho[0] < rhoMax) {
                BoundedResult r = solver.minimize((z, g) -> {
                    for (int i = 0; i < dd; i++) {
                        w[i] = z[i] - z[dd + i];
                    }
                    double f = score.valueAndGradient(w, gf);
                    double hv = Acyclicity.valueAndGradient(w, d, gh);
                    double l1 = 0;
                    double c = rho[0] * hv + alpha[0];
                    for (int i = 0; i < dd; i++) {
                        l1 += z[i] + z[dd + i];
                        double gw = gf[i] + c * gh[i];
                        g[i] = gw + lambda1;
                        g[dd + i] = -gw + lambda1;
                    }
                    return f + 0.5 * rho[0] * hv * hv + alpha[0] * hv + lambda1 * l1;
                }, x, lower, upper);
                innerSolves++;
                xNew = r.x();
                hNew = Acyclicity.valueAndGradient(combine(xNew, dd), d, null);
                if (hNew > 0.25 * h) {
                    rho[0] *= 10;
                } else {
                    break;
                }
            }
            x = xNew;
            h = hNew;
            alpha[0] += rho[0] * h;
            if (h <= hTol || rho[0] >= rhoMax) {
                break;
            }
        }
        double[] raw = combine(x, dd);
        double[] thresholded = raw.clone();
        for (int i = 0; i < dd; i++) {
            if (Math.abs(thresholded[i]) < wThreshold) {
                thresholded[i] = 0;
            }
        }
        return new NotearsResult(thresholded, raw, h, rho[0], rounds, innerSolves);
    }

    private static double[] combine(double[] z, int dd) {
        double[] w = new double[dd];
        for (int i = 0; i < dd; i++) {
            w[i] = z[i] - z[dd + i];
        }
        return w;
    }
}
