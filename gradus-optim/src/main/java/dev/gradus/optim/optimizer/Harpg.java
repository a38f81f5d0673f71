package dev.gradus.optim.optimizer;

import dev.gradus.optim.Capability;
import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.Fluent;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;
import java.util.List;

/**
 * HARPG and N-HARPG: Hessian-aided recursive (STORM-like) stochastic gradient descent, a generic stochastic optimizer
 * whose momentum is corrected by a Hessian-vector product at a random point of the last step's segment instead of a
 * second gradient.
 *
 * <p>Reference: I. Fatkhullin, A. Barakat, A. Kireeva, N. He, "Stochastic Policy Gradient Methods: Improved Sample
 * Complexity for Fisher-non-degenerate Policies", ICML 2023 (Algorithms HARPG and N-HARPG; no official code). Written
 * for minimisation, step t (the incoming gradient g_t = ∇L(θ_t; ξ_t) is a fresh sample at the iterate):
 * <pre>
 *   t = 0:  d_0 = g_0
 *   t ≥ 1:  q_t ~ U[0, 1];   θ̂_t = q_t θ_t + (1 − q_t) θ_{t−1}          (ctx.random)
 *           v_t = ∇²L(θ̂_t; ξ̂_t)·(θ_t − θ_{t−1})                          (ctx.hvp: unbiased for ∇L(θ_t) − ∇L(θ_{t−1}))
 *           d_t = (1 − η_t)(d_{t−1} + v_t) + η_t g_t
 *   HARPG:   θ_{t+1} = θ_t − γ_t d_t
 *   N-HARPG: θ_{t+1} = θ_t − γ_t d_t/(‖d_t‖ + eps)
 *   γ_t = lr_t·(t + 1)^(−lr_power),   η_t = min(1, eta_t·(t + 1)^(−eta_power))
 * </pre>
 * In RL the HVP comes from a second trajectory at θ̂_t (the HAPG estimator B(τ̂, θ̂)·v). Defaults: {@code n_harpg}
 * is normalized with {@code lr=0.1, lr_power=0.5} (the digest's γ_t = γ_0 (t + 1)^(−1/2)); {@code harpg} is
 * unnormalized with {@code lr=0.01, lr_power=0.0}; both {@code eta=1.0, eta_power=1.0} (η_t = 1/(t + 1); the digest's
 * numpy check used 2/(t + 2), a schedule on {@code eta}); {@code eps=1e-12}. Exact constants of the theory are
 * unconfirmed. The norm runs over all parameters jointly.
 */
public final class Harpg extends Configurable<Harpg>
        implements Fluent.Lr<Harpg>, Fluent.Eta<Harpg> {

    /** Spec: {@code harpg(lr=0.01, lr_power=0.0, eta=1.0, eta_power=1.0, normalized=false, eps=1e-12)}. */
    public static final Descriptor<Harpg> SPEC = descriptor("harpg", false, 0.01, 0.0,
            "Hessian-aided recursive SGD: STORM momentum corrected by an HVP at a random segment point");

    /** Spec: {@code n_harpg(lr=0.1, lr_power=0.5, eta=1.0, eta_power=1.0, normalized=true, eps=1e-12)}. */
    public static final Descriptor<Harpg> NORMALIZED_SPEC = descriptor("n_harpg", true, 0.1, 0.5,
            "normalized HARPG: Hessian-aided recursive momentum, normalized steps");

    private static Descriptor<Harpg> descriptor(String name, boolean normalized, double lr, double lrPower,
            String summary) {
        return Descriptor.builder(name, Descriptor.Kind.OPTIMIZER, Harpg::new)
                .summary(summary)
                .reference("Fatkhullin, Barakat, Kireeva & He, ICML 2023 (" + (normalized ? "N-HARPG" : "HARPG") + ")")
                .param(Param.scalar("lr", lr, "step size scale lr_t of gamma_t = lr_t (t+1)^-lr_power")
                        .range(Range.atLeast(0)))
                .param(Param.number("lr_power", lrPower, "decay power of the step size").range(Range.atLeast(0)))
                .param(Param.scalar("eta", 1.0, "momentum weight scale of eta_t = min(1, eta (t+1)^-eta_power)")
                        .range(Range.atLeast(0)))
                .param(Param.number("eta_power", 1.0, "decay power of the momentum weight").range(Range.atLeast(0)))
                .param(Param.flag("normalized", normalized, "divide the step by the norm of d (N-HARPG)"))
                .param(Param.scalar("eps", 1e-12, "added to the norm of d").range(Range.atLeast(0)))
                .build();
    }

    /** State: the step count, the previous iterate θ_{t−1} and the momentum d_{t−1}. */
    public record State(Counter count, TensorMap previous, TensorMap momentum) implements Counted {}

    /** From validated hyperparameters. */
    public Harpg(Hyperparams hp) {
        super(hp);
    }

    /** HARPG with its defaults. */
    public static Harpg create() {
        return SPEC.create(SPEC.defaults());
    }

    /** N-HARPG with its defaults. */
    public static Harpg normalizedCreate() {
        return NORMALIZED_SPEC.create(NORMALIZED_SPEC.defaults());
    }

    /** The momentum weight η_t at step {@code t}. */
    public double etaAt(long t) {
        return Math.min(1.0, NPgIgt.decayed(hp.schedule("eta"), hp.number("eta_power"), t));
    }

    /** The step size γ_t at step {@code t}. */
    public double stepSizeAt(long t) {
        return NPgIgt.decayed(hp.schedule("lr"), hp.number("lr_power"), t);
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.copy(), params.zerosLike());
    }

    /** (N-)HARPG needs an HVP at a random point of the segment, and the stream that draws the point. */
    @Override
    protected List<Requirement> ownRequirements() {
        String name = descriptor().name();
        return List.of(
                new Requirement(Capability.HVP, name,
                        "the Hessian-vector product at a random point of the segment [θ_{t−1}, θ_t]"),
                new Requirement(Capability.RANDOM, name, "drawing that point, q_t ~ U[0, 1]"));
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        State s = (State) state;
        long t = s.count().get();
        TensorMap d = s.momentum();
        if (t == 0) {
            Trees.copyInto(updates, d);
        } else {
            double q = ctx.random().uniform();
            double etaT = etaAt(t);
            // θ̂ = q θ + (1 − q) θ_prev and Δ = θ − θ_prev, θ_prev's buffer reused for θ̂.
            TensorMap delta = params.zerosLike();
            TensorMap point = s.previous();
            for (String name : params.names()) {
                double[] th = params.get(name).data();
                double[] pr = point.get(name).data();
                double[] dl = delta.get(name).data();
                for (int i = 0; i < th.length; i++) {
                    dl[i] = th[i] - pr[i];
                    pr[i] = q * th[i] + (1 - q) * pr[i];
                }
            }
            TensorMap hv = params.zerosLike();
            ctx.hvp(point, delta, hv);
            for (String name : params.names()) {
                double[] dd = d.get(name).data();
                double[] v = hv.get(name).data();
                double[] g = updates.get(name).data();
                for (int i = 0; i < dd.length; i++) {
                    dd[i] = (1 - etaT) * (dd[i] + v[i]) + etaT * g[i];
                }
            }
        }
        Trees.copyInto(params, s.previous());
        double gammaT = stepSizeAt(t);
        double scale = flag("normalized") ? -gammaT / (Trees.globalNorm(d) + at("eps", t)) : -gammaT;
        Trees.scaleInto(scale, d, updates);
        s.count().increment();
    }
}
