package dev.gradus.optim.linear;

/**
 * The deep conjugate direction method (DCDM; Kaneda, Akar, Chen, Kala, Hyde, Teran, "A Deep Conjugate Direction
 * Method for Iteratively Solving Linear Systems", ICML 2023, arXiv:2205.10763) for SPD {@code A x = b}: a
 * conjugate direction method whose search directions are proposed by a learned model {@code f} (approximating
 * {@code A^{-1}} up to scale) from the normalised residual, A-orthogonalised against the last {@code K} directions,
 * with an exact line search. From {@code x_0 = 0, r_0 = b}:
 * <pre>
 *   d_k = f(r_k / ||r_k||)
 *   d_k <- d_k - sum_{j = k-K}^{k-1} (d_k . A p_j) / (p_j . A p_j) p_j      (A-orthogonalisation)
 *   p_k = d_k,  alpha_k = p_k . r_k / p_k . A p_k
 *   x_{k+1} = x_k + alpha_k p_k,  r_{k+1} = r_k - alpha_k A p_k
 * </pre>
 * until {@code ||r_k|| / ||b|| < tol} (default 1e-6) or {@code maxIterations} (default: the dimension). Each
 * iteration costs one model evaluation, one product with {@code A} (the {@code A p_j} of kept directions are
 * stored) and {@code K + 2} dot products. Defaults: {@code K = 2} (the paper orthogonalises against a few previous
 * directions; the exact number is unconfirmed). With {@link DirectionModel#IDENTITY} and {@code K >= 1} this is
 * CG: the A-orthogonalised residual is CG's direction. With {@code K = 0} it is steepest descent along the model's
 * directions, which stalls when the model is not an SPD map.
 */
public final class DeepConjugateDirection {
    private final DirectionModel model;
    private int previous = 2;
    private double tol = 1e-6;
    private int maxIterations = -1;

    /** The method with directions from {@code model}. */
    public DeepConjugateDirection(DirectionModel model) {
        if (model == null) {
            throw new IllegalArgumentException("DeepConjugateDirection: the direction model must not be null");
        }
        this.model = model;
    }

    /** The number {@code K} of previous directions to A-orthogonalise against (default 2; 0 switches it off). */
    public DeepConjugateDirection previousDirections(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("DeepConjugateDirection: previousDirections must be >= 0, got " + k);
        }
        this.previous = k;
        return this;
    }

    /** The relative residual {@code ||r|| / ||b||} to stop below (default 1e-6). */
    public DeepConjugateDirection tol(double tol) {
        if (!(tol > 0 && tol < 1)) {
            throw new IllegalArgumentException("DeepConjugateDirection: tol must be in (0, 1), got " + tol);
        }
        this.tol = tol;
        return this;
    }

    /** The iteration limit (default: the system's dimension). */
    public DeepConjugateDirection maxIterations(int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("DeepConjugateDirection: maxIterations must be at least 1, got "
                    + maxIterations);
        }
        this.maxIterations = maxIterations;
        return this;
    }

    /** Solves {@code A x = b} from {@code x = 0}. */
    public SolveResult solve(LinearOperator a, double[] b) {
        Vectors.check("DeepConjugateDirection", a, b);
        int n = a.size();
        int limit = maxIterations > 0 ? maxIterations : n;
        double[] x = new double[n];
        double[] r = b.clone();
        double[] unit = new double[n];
        double[] d = new double[n];
        double[] ad = new double[n];
        // Ring buffers of the last K directions, their A-products and p.Ap.
        double[][] p = new double[previous][n];
        double[][] ap = new double[previous][n];
        double[] pap = new double[previous];
        int kept = 0;
        double bNorm = Vectors.norm(b);
        if (bNorm == 0) {
            return new SolveResult(x, 0, true, new double[] {0});
        }
        double[] history = new double[limit + 1];
        double rNorm = bNorm;
        history[0] = 1;
        int k = 0;
        while (k < limit && rNorm / bNorm >= tol) {
            for (int i = 0; i < n; i++) {
                unit[i] = r[i] / rNorm;
            }
            model.direction(unit, d);
            for (int j = 0; j < kept; j++) {
                double c = Vectors.dot(d, ap[j]) / pap[j];
                double[] pj = p[j];
                for (int i = 0; i < n; i++) {
                    d[i] -= c * pj[i];
                }
            }
            a.apply(d, ad);
            double dad = Vectors.dot(d, ad);
            if (!(dad > 0)) {
                throw new IllegalStateException("DeepConjugateDirection: d.Ad = " + dad + " at iteration " + k
                        + " (A is not positive definite, or the model proposed a zero direction)");
            }
            double alpha = Vectors.dot(d, r) / dad;
            for (int i = 0; i < n; i++) {
                x[i] += alpha * d[i];
                r[i] -= alpha * ad[i];
            }
            if (previous > 0) {
                int slot = k % previous;
                System.arraycopy(d, 0, p[slot], 0, n);
                System.arraycopy(ad, 0, ap[slot], 0, n);
                pap[slot] = dad;
                kept = Math.min(kept + 1, previous);
            }
            rNorm = Vectors.norm(r);
            k++;
            history[k] = rNorm / bNorm;
        }
        return new SolveResult(x, k, rNorm / bNorm < tol, java.util.Arrays.copyOf(history, k + 1));
    }
}
