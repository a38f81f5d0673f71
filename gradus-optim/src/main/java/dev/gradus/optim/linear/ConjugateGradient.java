package dev.gradus.optim.linear;

/**
 * The conjugate gradient method for SPD {@code A x = b} (Hestenes and Stiefel, "Methods of Conjugate Gradients for
 * Solving Linear Systems", J. Res. NBS 49, 1952), from {@code x_0 = 0}:
 * <pre>
 *   r_0 = b, p_0 = r_0
 *   alpha_k = r_k.r_k / p_k.A p_k,  x_{k+1} = x_k + alpha_k p_k,  r_{k+1} = r_k - alpha_k A p_k
 *   beta_k  = r_{k+1}.r_{k+1} / r_k.r_k,  p_{k+1} = r_{k+1} + beta_k p_k
 * </pre>
 * stopping when {@code ||r_k|| / ||b|| < tol} (default 1e-6) or after {@code maxIterations} (default: the
 * dimension). The residual is the recursively updated one, as in every textbook CG.
 */
public final class ConjugateGradient {
    private double tol = 1e-6;
    private int maxIterations = -1;

    /** The relative residual {@code ||r|| / ||b||} to stop below (default 1e-6). */
    public ConjugateGradient tol(double tol) {
        if (!(tol > 0 && tol < 1)) {
            throw new IllegalArgumentException("ConjugateGradient: tol must be in (0, 1), got " + tol);
        }
        this.tol = tol;
        return this;
    }

    /** The iteration limit (default: the system's dimension). */
    public ConjugateGradient maxIterations(int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("ConjugateGradient: maxIterations must be at least 1, got "
                    + maxIterations);
        }
        this.maxIterations = maxIterations;
        return this;
    }

    /** Solves {@code A x = b} from {@code x = 0}. */
    public SolveResult solve(LinearOperator a, double[] b) {
        Vectors.check("ConjugateGradient", a, b);
        int n = a.size();
        int limit = maxIterations > 0 ? maxIterations : n;
        double[] x = new double[n];
        double[] r = b.clone();
        double[] p = b.clone();
        double[] ap = new double[n];
        double bNorm = Vectors.norm(b);
        double[] history = new double[limit + 1];
        if (bNorm == 0) {
            return new SolveResult(x, 0, true, new double[] {0});
        }
        double rr = Vectors.dot(r, r);
        history[0] = 1;
        int k = 0;
        while (k < limit && Math.sqrt(rr) / bNorm >= tol) {
            a.apply(p, ap);
            double alpha = rr / Vectors.dot(p, ap);
            for (int i = 0; i < n; i++) {
                x[i] += alpha * p[i];
                r[i] -= alpha * ap[i];
            }
            double next = Vectors.dot(r, r);
            double beta = next / rr;
            for (int i = 0; i < n; i++) {
                p[i] = r[i] + beta * p[i];
            }
            rr = next;
            k++;
            history[k] = Math.sqrt(rr) / bNorm;
        }
        return new SolveResult(x, k, Math.sqrt(rr) / bNorm < tol, java.util.Arrays.copyOf(history, k + 1));
    }
}
