package dev.gradus.zeroth.cmaes;

import dev.gradus.optim.Counter;
import dev.gradus.optim.MutableScalar;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.zeroth.AskTell;
import dev.gradus.zeroth.Box;
import dev.gradus.zeroth.Progress;
import dev.gradus.zeroth.Ranks;
import dev.gradus.zeroth.SearchState;
import dev.gradus.zeroth.ZigguratNormal;
import java.util.Arrays;

/**
 * CMA-ES with rank-μ and rank-one updates and cumulative step-size adaptation, as in Hansen's tutorial ("The CMA
 * Evolution Strategy: A Tutorial", arXiv:1604.00772, Table 1 and Fig. 6; the same update as DEAP's
 * {@code cma.Strategy} and pycma's {@code purecma}):
 * <pre>
 *   ask:   z_k ~ N(0, I),  y_k = B D z_k,  x_k = m + σ y_k,                k = 1..λ
 *   tell:  sort by f;  ⟨y⟩_w = Σ_{i≤μ} w_i y_{i:λ};  m ← m + σ ⟨y⟩_w
 *          p_σ ← (1 − c_σ) p_σ + √(c_σ (2 − c_σ) μ_eff) · B D⁻¹ Bᵀ ⟨y⟩_w
 *          h_σ = 1 if ‖p_σ‖ / √(1 − (1 − c_σ)^{2(g+1)}) &lt; (1.4 + 2/(n + 1)) E‖N(0, I)‖ else 0
 *          p_c ← (1 − c_c) p_c + h_σ √(c_c (2 − c_c) μ_eff) ⟨y⟩_w
 *          C ← (1 − c₁ − c_μ + (1 − h_σ) c₁ c_c (2 − c_c)) C + c₁ p_c p_cᵀ + c_μ Σ_{i≤μ} w_i y_{i:λ} y_{i:λ}ᵀ
 *          σ ← σ · exp((c_σ/d_σ)(‖p_σ‖ / E‖N(0, I)‖ − 1))
 *          C = B D² Bᵀ once more than λ / (2 n (c₁ + c_μ)) evaluations have passed since the last decomposition
 *          (pycma's purecma lazy update; Householder tridiagonalisation and QL, {@link SymmetricEigen})
 * </pre>
 * Defaults of the tutorial: {@code λ = 4 + ⌊3 ln n⌋}, {@code μ = ⌊λ/2⌋}, {@code w_i ∝ ln(μ + ½) − ln i},
 * {@code c_σ = (μ_eff + 2)/(n + μ_eff + 5)}, {@code d_σ = 1 + 2 max(0, √((μ_eff − 1)/(n + 1)) − 1) + c_σ},
 * {@code c_c = (4 + μ_eff/n)/(n + 4 + 2μ_eff/n)}, {@code c₁ = 2/((n + 1.3)² + μ_eff)},
 * {@code c_μ = min(1 − c₁, 2(μ_eff − 2 + 1/μ_eff)/((n + 2)² + μ_eff))}. The start is the box centre with
 * {@code σ₀ = sigma0 · (mean box width)} unless {@code x0} and an absolute {@code sigma} are set by Java. The run stops
 * when {@code σ · max D < tol_x}. Normals come from {@link ZigguratNormal}. Deviation from DEAP's
 * {@code cma.Strategy}, which decomposes C every generation: the lazy update above, as purecma and pycma do.
 */
public final class CmaEs extends Configured<CmaEs> implements AskTell<CmaEs.State> {

    /** Spec: {@code cmaes(popsize=0, sigma0=0.3, tol_x=1e-12)}. */
    public static final Descriptor<CmaEs> SPEC = Descriptor.component("cmaes", "dfo", CmaEs::new)
            .summary("CMA-ES: covariance matrix adaptation with cumulative step-size control")
            .reference("Hansen, The CMA Evolution Strategy: A Tutorial, arXiv:1604.00772")
            .param(Param.integer("popsize", 0L, "λ; 0 means 4 + ⌊3 ln n⌋").range(Range.atLeast(0)))
            .param(Param.number("sigma0", 0.3, "initial step size as a fraction of the mean box width")
                    .range(Range.greaterThan(0)))
            .param(Param.number("tol_x", 1e-12, "stop when σ · max D falls below this").range(Range.atLeast(0)))
            .build();

    /**
     * CMA-ES's state.
     *
     * @param mean the distribution mean m [n]
     * @param sigma the step size σ
     * @param covariance C [n, n]
     * @param basis B, C's eigenvectors as columns [n, n]
     * @param scales D, the square roots of C's eigenvalues [n]
     * @param pathC the evolution path p_c [n]
     * @param pathSigma the conjugate evolution path p_σ [n]
     * @param steps the asked y_k = B D z_k [λ, n]
     * @param candidates the asked x_k [λ, n]
     * @param decomposedAt the evaluations at the last eigendecomposition of C
     * @param random the sampling stream
     * @param progress evaluations and the best point
     */
    public record State(Tensor mean, MutableScalar sigma, Tensor covariance, Tensor basis, Tensor scales, Tensor pathC,
            Tensor pathSigma, Tensor steps, Tensor candidates, Counter decomposedAt, RandomStream random,
            Progress progress)
            implements SearchState {}

    private final int popsize;
    private final double sigma0;
    private final double tolX;

    /** From validated settings; use {@link #defaults()} or {@code Methods.parse("cmaes()")}. */
    public CmaEs(Hyperparams hp) {
        super(hp);
        this.popsize = Math.toIntExact(hp.integer("popsize"));
        this.sigma0 = hp.number("sigma0");
        this.tolX = hp.number("tol_x");
    }

    /** CMA-ES with the defaults. */
    public static CmaEs defaults() {
        return (CmaEs) SPEC.defaults().create();
    }

    /** The population size λ used in dimension {@code n}. */
    public int lambda(int n) {
        return popsize > 0 ? popsize : 4 + (int) Math.floor(3 * Math.log(n));
    }

    @Override
    public State init(Box box, int objectives, long seed) {
        return init(box.centre(), sigma0 * box.meanWidth(), objectives, seed);
    }

    /** A state starting at {@code x0} with step size {@code sigma} (pycma's {@code CMAEvolutionStrategy(x0, sigma0)}). */
    public State init(double[] x0, double sigma, int objectives, long seed) {
        AskTell.checkObjectives("cmaes", objectives, 1);
        int n = x0.length;
        int lam = lambda(n);
        if (lam < 2) {
            throw new IllegalArgumentException("cmaes: popsize must be at least 2, got " + lam);
        }
        State s = new State(Tensor.vector(x0.clone()), new MutableScalar(sigma), Tensor.eye(n), Tensor.eye(n),
                Tensor.ones(n), Tensor.zeros(n), Tensor.zeros(n), Tensor.zeros(lam, n), Tensor.zeros(lam, n),
                new Counter(), RandomStream.of(seed), Progress.start(n));
        sample(s);
        return s;
    }

    @Override
    public Tensor ask(State s) {
        s.progress().asked();
        return s.candidates().copy();
    }

    @Override
    public boolean converged(State s) {
        double maxD = 0;
        for (double v : s.scales().data()) {
            maxD = Math.max(maxD, v);
        }
        return s.sigma().get() * maxD < tolX;
    }

    @Override
    public void tell(State s, Tensor values) {
        int n = s.mean().size();
        int lam = s.candidates().dim(0);
        AskTell.checkTold("cmaes", s.progress(), values, lam, 1);
        long g = s.progress().generations().get();
        s.progress().told(s.candidates(), values);

        int mu = lam / 2;
        double[] w = new double[mu];
        double sw = 0;
        for (int i = 0; i < mu; i++) {
            w[i] = Math.log(mu + 0.5) - Math.log(i + 1);
            sw += w[i];
        }
        double sw2 = 0;
        for (int i = 0; i < mu; i++) {
            w[i] /= sw;
            sw2 += w[i] * w[i];
        }
        double mueff = 1 / sw2;
        double cs = (mueff + 2) / (n + mueff + 5);
        double ds = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
        double cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n);
        double c1 = 2 / ((n + 1.3) * (n + 1.3) + mueff);
        double cmu = Math.min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) * (n + 2) + mueff));
        double chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));

        // Each step below is its own method: a short run spends much of its time before the JIT's optimising
        // compiler arrives, and small methods reach it sooner (and without one OSR compile per loop of a big one).
        int[] order = Ranks.order(values.data(), lam);
        double[] y = s.steps().data();
        double[] yw = recombine(y, order, w, n);
        double sigma = s.sigma().get();
        double[] m = s.mean().data();
        for (int j = 0; j < n; j++) {
            m[j] += sigma * yw[j];
        }
        double psNorm = updatePathSigma(s, yw, Math.sqrt(cs * (2 - cs) * mueff), cs);
        double hsig = psNorm / Math.sqrt(1 - Math.pow(1 - cs, 2.0 * (g + 1))) < (1.4 + 2.0 / (n + 1)) * chiN ? 1 : 0;
        double[] pc = s.pathC().data();
        double ccn = hsig * Math.sqrt(cc * (2 - cc) * mueff);
        for (int j = 0; j < n; j++) {
            pc[j] = (1 - cc) * pc[j] + ccn * yw[j];
        }
        double keep = 1 - c1 - cmu + (1 - hsig) * c1 * cc * (2 - cc);
        updateCovariance(s.covariance().data(), pc, rankMu(y, order, w, n), keep, c1, cmu, n);
        s.sigma().set(sigma * Math.exp((cs / ds) * (psNorm / chiN - 1)));

        // purecma's lazy update: decompose again only after λ / (2 n (c₁ + c_μ)) evaluations.
        long evals = s.progress().evaluations().get();
        if (evals - s.decomposedAt().get() > 0.5 * lam / ((c1 + cmu) * n)) {
            double[] ev = new double[n];
            new SymmetricEigen(n).decompose(s.covariance().data(), s.basis().data(), ev);
            double[] d = s.scales().data();
            for (int j = 0; j < n; j++) {
                d[j] = Math.sqrt(Math.max(ev[j], 1e-300));
            }
            s.decomposedAt().set(evals);
        }
        sample(s);
        s.mean().markModified();
        s.covariance().markModified();
        s.basis().markModified();
        s.scales().markModified();
        s.pathC().markModified();
        s.pathSigma().markModified();
    }

    /** ⟨y⟩_w = Σ_{i≤μ} w_i y_{i:λ}. */
    private static double[] recombine(double[] y, int[] order, double[] w, int n) {
        double[] yw = new double[n];
        for (int i = 0; i < w.length; i++) {
            Rows.axpy(w[i], y, order[i] * n, yw, 0, n);
        }
        return yw;
    }

    /** p_σ ← (1 − c_σ) p_σ + √(c_σ (2 − c_σ) μ_eff) · B D⁻¹ Bᵀ ⟨y⟩_w; returns ‖p_σ‖. */
    private static double updatePathSigma(State s, double[] yw, double csn, double cs) {
        int n = yw.length;
        double[] b = s.basis().data();
        double[] d = s.scales().data();
        // t = D⁻¹ Bᵀ ⟨y⟩_w, accumulated a row of B at a time (each t_c still sums over r ascending)
        double[] t = new double[n];
        for (int r = 0; r < n; r++) {
            Rows.axpy(yw[r], b, r * n, t, 0, n);
        }
        for (int c = 0; c < n; c++) {
            t[c] /= d[c];
        }
        double[] ps = s.pathSigma().data();
        double psNorm2 = 0;
        for (int r = 0; r < n; r++) {
            ps[r] = (1 - cs) * ps[r] + csn * Rows.dot(0, b, r * n, t, 0, n);
            psNorm2 += ps[r] * ps[r];
        }
        return Math.sqrt(psNorm2);
    }

    /**
     * Σ_{i≤μ} w_i y_{i:λ} y_{i:λ}ᵀ, upper triangle, accumulated a row at a time (contiguous, so the JIT vectorises it)
     * with i ascending.
     */
    private static double[] rankMu(double[] y, int[] order, double[] w, int n) {
        double[] rankMu = new double[n * n];
        for (int i = 0; i < w.length; i++) {
            int k = order[i] * n;
            for (int r = 0; r < n; r++) {
                Rows.axpy(w[i] * y[k + r], y, k + r, rankMu, r * n + r, n - r);
            }
        }
        return rankMu;
    }

    /** C ← keep · C + c₁ p_c p_cᵀ + c_μ · rankMu, symmetric. */
    private static void updateCovariance(double[] cov, double[] pc, double[] rankMu, double keep, double c1,
            double cmu, int n) {
        for (int r = 0; r < n; r++) {
            for (int c = r; c < n; c++) {
                double v = keep * cov[r * n + c] + c1 * pc[r] * pc[c] + cmu * rankMu[r * n + c];
                cov[r * n + c] = v;
                cov[c * n + r] = v;
            }
        }
    }

    /** Draws the next batch: y_k = B D z_k and x_k = m + σ y_k. */
    private static void sample(State s) {
        int n = s.mean().size();
        int lam = s.candidates().dim(0);
        double[] b = s.basis().data();
        double[] d = s.scales().data();
        double[] m = s.mean().data();
        double[] y = s.steps().data();
        double[] x = s.candidates().data();
        double sigma = s.sigma().get();
        // y_k = Σ_c (d_c z_c) B[:, c]: B's columns as rows of bt, so that each term is a contiguous axpy
        double[] bt = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                bt[c * n + r] = b[r * n + c];
            }
        }
        double[] z = new double[n];
        for (int k = 0; k < lam; k++) {
            ZigguratNormal.fill(s.random(), z);
            int row = k * n;
            Arrays.fill(y, row, row + n, 0.0);
            for (int c = 0; c < n; c++) {
                Rows.axpy(d[c] * z[c], bt, c * n, y, row, n);
            }
            for (int r = 0; r < n; r++) {
                x[row + r] = m[r] + sigma * y[row + r];
            }
        }
        s.steps().markModified();
        s.candidates().markModified();
    }
}
