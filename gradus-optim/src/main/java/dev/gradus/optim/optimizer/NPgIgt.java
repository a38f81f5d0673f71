package dev.gradus.optim.optimizer;

import dev.gradus.optim.Capability;
import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.Fluent;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.Schedule;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;
import java.util.List;

/**
 * N-PG-IGT: normalized stochastic gradient descent with implicit gradient transport, a generic stochastic optimizer
 * that evaluates its one stochastic gradient per step at an extrapolated point instead of at the iterate.
 *
 * <p>Reference: I. Fatkhullin, A. Barakat, A. Kireeva, N. He, "Stochastic Policy Gradient Methods: Improved Sample
 * Complexity for Fisher-non-degenerate Policies", ICML 2023 (Algorithm N-PG-IGT; no official code; the update form
 * was cross-checked against asynchronous NIGT). Written for minimisation (a policy's loss is −J), step t:
 * <pre>
 *   θ̃_t = θ_t + ((1 − η_t)/η_t)·(θ_t − θ_{t−1})          (θ_{−1} = θ_0, so θ̃_0 = θ_0)
 *   g_t = ∇L(θ̃_t; ξ_t)                                      (ctx.gradientAt: one fresh sample at θ̃_t)
 *   d_t = (1 − η_t)·d_{t−1} + η_t·g_t                       (d_{−1} = 0)
 *   θ_{t+1} = θ_t − γ_t·d_t/(‖d_t‖ + eps)
 *   γ_t = lr_t·(t + 1)^(−lr_power),   η_t = min(1, eta_t·(t + 1)^(−eta_power))
 * </pre>
 * Evaluating the new gradient at the extrapolated point cancels the first-order staleness of the momentum: no
 * Hessian, no importance weights, one sample per step. Defaults are the digest's numpy check ({@code 06-rl.md} §1):
 * {@code lr=0.1, lr_power=0.6} (γ_t ∝ t^(−3/5)), {@code eta=1.0, eta_power=0.8} (η_t = min(1, (t + 1)^(−4/5))),
 * {@code eps=1e-12}; the theory's exact constants are unconfirmed. The norm runs over all parameters jointly.
 *
 * <p><b>The incoming gradient is not used:</b> the step's gradient is the one at θ̃_t, from the step context
 * ({@link Capability#GRADIENT}); a caller whose gradients are costly (a sampled trajectory) may pass zeros.
 */
public final class NPgIgt extends Configurable<NPgIgt>
        implements Fluent.Lr<NPgIgt> {

    /** Spec: {@code n_pg_igt(lr=0.1, lr_power=0.6, eta=1.0, eta_power=0.8, eps=1e-12)}. */
    public static final Descriptor<NPgIgt> SPEC = Descriptor.builder("n_pg_igt", Descriptor.Kind.OPTIMIZER, NPgIgt::new)
            .summary("normalized SGD with implicit gradient transport: the gradient at an extrapolated point")
            .reference("Fatkhullin, Barakat, Kireeva & He, ICML 2023 (N-PG-IGT)")
            .param(Param.scalar("lr", 0.1, "step size scale lr_t of gamma_t = lr_t (t+1)^-lr_power")
                    .range(Range.atLeast(0)))
            .param(Param.number("lr_power", 0.6, "decay power of the step size").range(Range.atLeast(0)))
            .param(Param.scalar("eta", 1.0, "momentum weight scale of eta_t = min(1, eta (t+1)^-eta_power)")
                    .range(Range.atLeast(0)))
            .param(Param.number("eta_power", 0.8, "decay power of the momentum weight").range(Range.atLeast(0)))
            .param(Param.scalar("eps", 1e-12, "added to the norm of d").range(Range.atLeast(0)))
            .build();

    /** State: the step count, the previous iterate θ_{t−1} and the momentum d_{t−1}. */
    public record State(Counter count, TensorMap previous, TensorMap momentum) implements Counted {}

    /** From validated hyperparameters. */
    public NPgIgt(Hyperparams hp) {
        super(hp);
    }

    /** The optimizer with the digest's defaults. */
    public static NPgIgt create() {
        return SPEC.create(SPEC.defaults());
    }

    /** The momentum weight η_t at step {@code t}. */
    public double etaAt(long t) {
        return Math.min(1.0, decayed(hp.schedule("eta"), hp.number("eta_power"), t));
    }

    /** The step size γ_t at step {@code t}. */
    public double stepSizeAt(long t) {
        return decayed(hp.schedule("lr"), hp.number("lr_power"), t);
    }

    /** {@code s_t · (t + 1)^(−power)}: the polynomially decaying schedules of Fatkhullin et al. (also HARPG's). */
    static double decayed(Schedule s, double power, long t) {
        return s.at(t) * Math.pow(t + 1, -power);
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.copy(), params.zerosLike());
    }

    /** N-PG-IGT needs the gradient at the extrapolated point. */
    @Override
    protected List<Requirement> ownRequirements() {
        return List.of(new Requirement(Capability.GRADIENT, "n_pg_igt",
                "the stochastic gradient at the extrapolated point θ_t + ((1 − η_t)/η_t)(θ_t − θ_{t−1})"));
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        State s = (State) state;
        long t = s.count().get();
        double etaT = etaAt(t);
        if (!(etaT > 0)) {
            throw new IllegalStateException("n_pg_igt: the momentum weight eta_t must be positive, got " + etaT
                    + " at step " + t);
        }
        double gammaT = stepSizeAt(t);
        // θ̃ = θ + ((1 − η)/η)(θ − θ_prev), built in the previous-iterate buffer, which is then refilled with θ.
        TensorMap extrapolated = s.previous();
        double c = (1 - etaT) / etaT;
        for (String name : params.names()) {
            double[] th = params.get(name).data();
            double[] pr = extrapolated.get(name).data();
            for (int i = 0; i < th.length; i++) {
                pr[i] = th[i] + c * (th[i] - pr[i]);
            }
        }
        ctx.gradientAt(extrapolated, updates);
        Trees.copyInto(params, s.previous());
        TensorMap d = s.momentum();
        for (String name : params.names()) {
            double[] dd = d.get(name).data();
            double[] g = updates.get(name).data();
            for (int i = 0; i < dd.length; i++) {
                dd[i] = (1 - etaT) * dd[i] + etaT * g[i];
            }
        }
        double scale = -gammaT / (Trees.globalNorm(d) + at("eps", t));
        Trees.scaleInto(scale, d, updates);
        s.count().increment();
    }
}
