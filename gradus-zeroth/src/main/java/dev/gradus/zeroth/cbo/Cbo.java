package dev.gradus.zeroth.cbo;

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
import dev.gradus.zeroth.SearchState;
import dev.gradus.zeroth.ZigguratNormal;
import java.util.List;

/**
 * Consensus-based optimization: N particles drift towards a Gibbs-weighted consensus point and explore with noise
 * that shrinks as they agree. Euler-Maruyama steps of the CBO dynamics:
 * <pre>
 *   ω_α(x) = exp(−α (f(x) − min_j f(X_j)))                     (log-sum-exp stabilised: α = 1e5 does not underflow)
 *   v_α    = Σ_i X_i ω_α(X_i) / Σ_i ω_α(X_i)
 *   X_i   ← X_i − λ Δt (X_i − v_α) + σ √Δt D_i ξ_i,   ξ_i ~ N(0, I)
 *   D_i    = ‖X_i − v_α‖₂ · I  (noise = "isotropic")   or   diag(X_i − v_α)  (noise = "anisotropic")
 *   stop when max_i ‖X_i − v_α‖∞ &lt; tol
 * </pre>
 * References: R. Pinnau, C. Totzeck, O. Tse, S. Martin, "A consensus-based model for global optimization and its
 * mean-field limit", M3AS 2017 (isotropic); J. A. Carrillo, S. Jin, L. Li, Y. Zhu, "A consensus-based global
 * optimization method for high dimensional machine learning problems", ESAIM COCV 2021 (anisotropic); K. Riedl,
 * T. Klock, C. Geldhauser, M. Fornasier, "Gradient is All You Need?", 2023 (the Laplace principle
 * {@code v_α − x̄ ≈ −α ε² ∇f(x̄)} for particles spread as N(x̄, ε²I), measured by {@link #consensus}). Names follow
 * CBXpy ({@code lamda}, {@code sigma}, {@code dt}, {@code alpha}, {@code noise}).
 *
 * <p>Defaults: {@code particles=100, alpha=30, lamda=1, sigma=1, dt=0.01, noise="anisotropic", tol=1e-6} are the
 * numpy check's settings that found the d = 5 Rastrigin minimum (04-derivative-free §1), not CBXpy's defaults.
 * Isotropic noise needs roughly {@code 2λ > dσ²}: shrink σ with the dimension. Particles start uniform in the box.
 * Each generation evaluates all N particles; the consensus is recomputed from those values on {@code tell}.
 */
public final class Cbo extends Configured<Cbo> implements AskTell<Cbo.State> {

    /** Spec: {@code cbo(particles=100, alpha=30, lamda=1, sigma=1, dt=0.01, noise="anisotropic", tol=1e-6)}. */
    public static final Descriptor<Cbo> SPEC = Descriptor.component("cbo", "dfo", Cbo::new)
            .summary("consensus-based optimization, isotropic or anisotropic noise")
            .reference("Pinnau et al. 2017; Carrillo et al. 2021; Riedl et al. 2023; CBXpy")
            .param(Param.integer("particles", 100L, "number of particles N").range(Range.atLeast(1)))
            .param(Param.number("alpha", 30.0, "inverse temperature of the consensus weights").range(Range.atLeast(0)))
            .param(Param.number("lamda", 1.0, "drift towards the consensus").range(Range.atLeast(0)))
            .param(Param.number("sigma", 1.0, "noise scale").range(Range.atLeast(0)))
            .param(Param.number("dt", 0.01, "time step").range(Range.greaterThan(0)))
            .param(Param.choice("noise", "anisotropic", List.of("isotropic", "anisotropic"), "noise model"))
            .param(Param.number("tol", 1e-6, "stop when every particle is this close to the consensus (sup norm)")
                    .range(Range.atLeast(0)))
            .build();

    /**
     * CBO's state.
     *
     * @param particles the particles X [N, d], the batch each ask returns
     * @param consensus the last consensus point v_α [d] (the box centre before the first tell)
     * @param spread the last max_i ‖X_i − v_α‖∞ (+inf before the first tell)
     * @param random the noise stream
     * @param progress evaluations and the best particle so far
     */
    public record State(Tensor particles, Tensor consensus, Tensor spread, RandomStream random, Progress progress)
            implements SearchState {}

    private final int n;
    private final double alpha;
    private final double lamda;
    private final double sigma;
    private final double dt;
    private final boolean anisotropic;
    private final double tol;

    /** From validated settings; use {@link #defaults()} or {@code Methods.parse("cbo(particles=100)")}. */
    public Cbo(Hyperparams hp) {
        super(hp);
        this.n = Math.toIntExact(hp.integer("particles"));
        this.alpha = hp.number("alpha");
        this.lamda = hp.number("lamda");
        this.sigma = hp.number("sigma");
        this.dt = hp.number("dt");
        this.anisotropic = hp.string("noise").equals("anisotropic");
        this.tol = hp.number("tol");
    }

    /** CBO with the defaults. */
    public static Cbo defaults() {
        return (Cbo) SPEC.defaults().create();
    }

    /** Sets the number of particles. */
    public Cbo particles(int value) {
        return with("particles", (long) value);
    }

    /** Sets {@code alpha}. */
    public Cbo alpha(double value) {
        return with("alpha", value);
    }

    /** Sets {@code sigma}. */
    public Cbo sigma(double value) {
        return with("sigma", value);
    }

    /** Sets the noise model, {@code "isotropic"} or {@code "anisotropic"}. */
    public Cbo noise(String value) {
        return with("noise", value);
    }

    @Override
    public State init(Box box, int objectives, long seed) {
        AskTell.checkObjectives("cbo", objectives, 1);
        int d = box.dimension();
        RandomStream rng = RandomStream.of(seed);
        Tensor x = Tensor.zeros(n, d);
        double[] xd = x.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                xd[i * d + j] = rng.uniform(box.lower(j), box.upper(j));
            }
        }
        return new State(x, Tensor.vector(box.centre()), Tensor.scalar(Double.POSITIVE_INFINITY), rng,
                Progress.start(d));
    }

    @Override
    public Tensor ask(State s) {
        s.progress().asked();
        return s.particles().copy();
    }

    @Override
    public void tell(State s, Tensor values) {
        AskTell.checkTold("cbo", s.progress(), values, n, 1);
        s.progress().told(s.particles(), values);
        int d = s.consensus().size();
        double[] x = s.particles().data();
        double[] v = s.consensus().data();
        consensus(x, n, d, values.data(), alpha, v);
        double spread = 0;
        for (int k = 0; k < n * d; k++) {
            spread = Math.max(spread, Math.abs(x[k] - v[k % d]));
        }
        s.spread().data()[0] = spread;

        RandomStream rng = s.random();
        double drift = lamda * dt;
        double noise = sigma * Math.sqrt(dt);
        for (int i = 0; i < n; i++) {
            int o = i * d;
            double scale = 0;
            if (!anisotropic) {
                double sq = 0;
                for (int j = 0; j < d; j++) {
                    double r = x[o + j] - v[j];
                    sq += r * r;
                }
                scale = Math.sqrt(sq);
            }
            for (int j = 0; j < d; j++) {
                double r = x[o + j] - v[j];
                double dij = anisotropic ? r : scale;
                x[o + j] = x[o + j] - drift * r + noise * dij * ZigguratNormal.next(rng);
            }
        }
        s.particles().markModified();
        s.consensus().markModified();
        s.spread().markModified();
    }

    /** Stopped when every particle was within {@code tol} of the consensus at the last tell. */
    @Override
    public boolean converged(State s) {
        return s.spread().item() < tol;
    }

    /**
     * The consensus point {@code v_α} of the points {@code x} ([n, d], row-major) with values {@code f}, written into
     * {@code out}: weights {@code exp(−α (f_i − min f))}, so the largest weight is 1 and nothing underflows to 0/0.
     */
    public static void consensus(double[] x, int n, int d, double[] f, double alpha, double[] out) {
        double fmin = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            fmin = Math.min(fmin, f[i]);
        }
        java.util.Arrays.fill(out, 0, d, 0.0);
        double total = 0;
        for (int i = 0; i < n; i++) {
            double w = StrictMath.exp(-alpha * (f[i] - fmin));
            total += w;
            for (int j = 0; j < d; j++) {
                out[j] += w * x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            out[j] /= total;
        }
    }
}
