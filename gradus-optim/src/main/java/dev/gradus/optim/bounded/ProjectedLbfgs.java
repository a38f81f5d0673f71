package dev.gradus.optim.bounded;

/**
 * Projected L-BFGS for {@code min f(x) s.t. l ≤ x ≤ u}: L-BFGS directions on the free variables and a projected
 * backtracking search (D. Kim, S. Sra, I. Dhillon, "Tackling box-constrained optimization via a new projected
 * quasi-Newton approach", SIAM J. Sci. Comput. 32(6), 2010; the two-loop recursion of J. Nocedal, S. Wright,
 * "Numerical Optimization", 2nd ed., Algorithm 7.4). Per iteration:
 * <pre>
 *   P(z) = min(u, max(l, z));   pg = P(x − g) − x;   stop when max|pg| ≤ pgtol
 *   binding set  B = { i : x_i ≤ l_i and g_i &gt; 0,  or  x_i ≥ u_i and g_i &lt; 0 }
 *   d = −H g on the free variables (two-loop recursion over the last m pairs, H₀ = (sᵀy / yᵀy) I), d_B = 0;
 *       d = −g (masked) when that is not a descent direction
 *   t: first of 1, ½, ¼, ... (at most 40; the first iteration starts at 1/‖g‖∞) with
 *       f(P(x + t d)) ≤ f(x) + c₁ ∇f(x)ᵀ(P(x + t d) − x),  c₁ = 1e-4
 *   s = x⁺ − x,  y = g⁺ − g;  keep the pair when sᵀy &gt; 1e-10 · yᵀy
 *   stop when (f − f⁺) ≤ ftol · max(|f|, |f⁺|, 1)
 * </pre>
 * It is not the Byrd–Lu–Nocedal–Zhu L-BFGS-B (no generalized Cauchy point or subspace minimisation), which
 * scipy's {@code minimize(method="L-BFGS-B")} runs; both converge to KKT points of box-constrained problems, and
 * defaults follow scipy's: {@code m = 10, ftol = 2.22e-9, pgtol = 1e-5, maxIterations = 15000}.
 */
public final class ProjectedLbfgs {
    private static final double C1 = 1e-4;
    private static final int MAX_BACKTRACKS = 40;

    private int memory = 10;
    private double ftol = 2.220446049250313e-9;
    private double pgtol = 1e-5;
    private int maxIterations = 15000;

    /** A solver with scipy's L-BFGS-B defaults. */
    public ProjectedLbfgs() {}

    /** History pairs kept (scipy's {@code maxcor}); default 10. */
    public ProjectedLbfgs memory(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("ProjectedLbfgs: memory must be at least 1, got " + m);
        }
        this.memory = m;
        return this;
    }

    /** Relative decrease below which the run stops; default 2.22e-9. */
    public ProjectedLbfgs ftol(double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException("ProjectedLbfgs: ftol must be non-negative, got " + v);
        }
        this.ftol = v;
        return this;
    }

    /** Projected-gradient size at which the run stops; default 1e-5. */
    public ProjectedLbfgs pgtol(double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException("ProjectedLbfgs: pgtol must be non-negative, got " + v);
        }
        this.pgtol = v;
        return this;
    }

    /** The iteration limit; default 15000. */
    public ProjectedLbfgs maxIterations(int v) {
        if (v < 1) {
            throw new IllegalArgumentException("ProjectedLbfgs: maxIterations must be at least 1, got " + v);
        }
        this.maxIterations = v;
        return this;
    }

    /**
     * Minimises {@code f} from {@code x0} (projected into the box first) over {@code lower ≤ x ≤ upper}; use
     * infinities for free variables and {@code lower = upper} to fix one.
     */
    public BoundedResult minimize(BoundedObjective f, double[] x0, double[] lower, double[] upper) {
        int n = x0.length;
        if (lower.length != n || upper.length != n) {
            throw new IllegalArgumentException("ProjectedLbfgs: x0 has length " + n + " but the bounds have lengths "
                    + lower.length + " and " + upper.length);
        }
        for (int i = 0; i < n; i++) {
            if (!(lower[i] <= upper[i])) {
                throw new IllegalArgumentException("ProjectedLbfgs: bound " + i + " is empty: lower " + lower[i]
                        + " > upper " + upper[i]);
            }
        }
        double[] x = new double[n];
        project(x0, lower, upper, x);
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        int evaluations = 1;
        double[][] sHist = new double[memory][n];
        double[][] yHist = new double[memory][n];
        double[] rho = new double[memory];
        double[] alpha = new double[memory];
        int histStart = 0;
        int histLen = 0;
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        boolean[] free = new boolean[n];
        int iter = 0;
        boolean converged = false;
        while (iter < maxIterations) {
            if (projectedGradientNorm(x, g, lower, upper) <= pgtol) {
                converged = true;
                break;
            }
            for (int i = 0; i < n; i++) {
                free[i] = !((x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0));
                d[i] = free[i] ? -g[i] : 0;
            }
            // two-loop recursion on the free coordinates (the binding ones are excluded from every product)
            for (int k = histLen - 1; k >= 0; k--) {
                int r = (histStart + k) % memory;
                alpha[r] = rho[r] * dotFree(sHist[r], d, free);
                axpyFree(-alpha[r], yHist[r], d, free);
            }
            double gamma = 1;
            if (histLen > 0) {
                int newest = (histStart + histLen - 1) % memory;
                gamma = 1 / (rho[newest] * dotFree(yHist[newest], yHist[newest], free));
                if (!Double.isFinite(gamma) || gamma <= 0) {
                    gamma = 1;
                }
            }
            for (int i = 0; i < n; i++) {
                d[i] *= gamma;
            }
            for (int k = 0; k < histLen; k++) {
                int r = (histStart + k) % memory;
                double beta = rho[r] * dotFree(yHist[r], d, free);
                axpyFree(alpha[r] - beta, sHist[r], d, free);
            }
            double slope = 0;
            for (int i = 0; i < n; i++) {
                slope += g[i] * d[i];
            }
            if (!(slope < 0)) {
                slope = 0;
                for (int i = 0; i < n; i++) {
                    d[i] = free[i] ? -g[i] : 0;
                    slope -= d[i] * d[i];
                }
                histLen = 0;
            }
            double t = 1;
            if (histLen == 0) {
                double gmax = 0;
                for (int i = 0; i < n; i++) {
                    gmax = Math.max(gmax, Math.abs(d[i]));
                }
                t = gmax > 0 ? Math.min(1, 1 / gmax) : 1;
            }
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int b = 0; b < MAX_BACKTRACKS; b++) {
                double decrease = 0;
                for (int i = 0; i < n; i++) {
                    double z = x[i] + t * d[i];
                    xNew[i] = z < lower[i] ? lower[i] : (z > upper[i] ? upper[i] : z);
                    decrease += g[i] * (xNew[i] - x[i]);
                }
                fNew = f.evaluate(xNew, gNew);
                evaluations++;
                if (fNew <= fx + C1 * decrease) {
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            if (!accepted) {
                converged = true;      // no decrease along the projected arc at machine precision
                break;
            }
            iter++;
            int slot = histLen < memory ? (histStart + histLen) % memory : histStart;
            double sy = 0;
            double yy = 0;
            for (int i = 0; i < n; i++) {
                double si = xNew[i] - x[i];
                double yi = gNew[i] - g[i];
                sHist[slot][i] = si;
                yHist[slot][i] = yi;
                sy += si * yi;
                yy += yi * yi;
            }
            if (sy > 1e-10 * yy) {
                rho[slot] = 1 / sy;
                if (histLen < memory) {
                    histLen++;
                } else {
                    histStart = (histStart + 1) % memory;
                }
            }
            double fOld = fx;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (fOld - fx <= ftol * Math.max(Math.max(Math.abs(fOld), Math.abs(fx)), 1)) {
                converged = true;
                break;
            }
        }
        return new BoundedResult(x, fx, iter, evaluations, projectedGradientNorm(x, g, lower, upper), converged);
    }

    private static void project(double[] z, double[] lower, double[] upper, double[] out) {
        for (int i = 0; i < z.length; i++) {
            out[i] = Math.min(upper[i], Math.max(lower[i], z[i]));
        }
    }

    private static double projectedGradientNorm(double[] x, double[] g, double[] lower, double[] upper) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            double p = Math.min(upper[i], Math.max(lower[i], x[i] - g[i])) - x[i];
            m = Math.max(m, Math.abs(p));
        }
        return m;
    }

    private static double dotFree(double[] a, double[] b, boolean[] free) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            if (free[i]) {
                s += a[i] * b[i];
            }
        }
        return s;
    }

    private static void axpyFree(double c, double[] a, double[] y, boolean[] free) {
        for (int i = 0; i < a.length; i++) {
            if (free[i]) {
                y[i] += c * a[i];
            }
        }
    }
}
