package dev.gradus.optim.optimizer;

import dev.gradus.optim.Capability;
import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.Fluent;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SAM, sharpness-aware minimization: take the gradient at the worst nearby point of a ρ-ball, then let
 * any base optimizer step with it from the original point. ASAM ({@code adaptive=true}) scales the ball
 * by |w|, which makes the sharpness measure invariant to rescaling of the weights.
 *
 * <p>References: P. Foret, A. Kleiner, H. Mobahi, B. Neyshabur, "Sharpness-Aware Minimization for
 * Efficiently Improving Generalization", ICLR 2021; J. Kwon, J. Kim, H. Park, I. K. Choi, "ASAM: Adaptive
 * Sharpness-Aware Minimization for Scale-Invariant Learning of Deep Neural Networks", ICML 2021. Code
 * followed: {@code davda54/sam sam.py}.
 * <pre>
 *   g = ∇L(w)
 *   ε̂ = ρ · g / (‖g‖₂ + eps)                           (the norm runs over all parameters jointly)
 *   adaptive:  ε̂ = ρ · w² ⊙ g / (‖|w| ⊙ g‖₂ + eps)
 *   g_SAM = ∇L(w + ε̂)
 *   w ← base_step(w, g_SAM)                              (from the original w, restored exactly)
 * </pre>
 *
 * <p>Defaults (reference names): {@code rho=0.05, adaptive=false}; {@code eps=1e-12} is the constant of
 * the reference code, exposed as a hyperparameter. The base optimizer is written first, positionally:
 * {@code sam(sgd(lr=0.1, momentum=0.9), rho=0.05)}.
 *
 * <p>SAM is an ordinary transformation: {@code update} receives the gradient at {@code w}, asks the step
 * context for the gradient at {@code w + ε̂} ({@link Capability#GRADIENT}, declared in
 * {@link #requirements()}), and hands that to the base. So it composes with any wrapper:
 * {@code chain(clip_by_global_norm(max_norm=1.0), sam(adam()))} clips the gradient that sets the ascent
 * direction, {@code masked(sam(...), mask=(...))} perturbs only the selected parameters (the others stay at
 * their values), {@code multi_steps(sam(...))} takes the ascent from the accumulated mean gradient, and the
 * perturbed gradient comes from the step's batch. The state holds SAM's own step count (for a schedule on
 * {@code rho}) and the base optimizer's state, which takes exactly one step per SAM step, so saving and
 * resuming work as for any optimizer. Deviations from the reference: the original weights are restored by
 * copy (newer {@code sam.py}; the first release subtracted ε̂, which is not exact in floating point);
 * BatchNorm statistics during the second pass are the objective's business (common practice: do not
 * update them).
 *
 * <pre>{@code
 * GradientTransformation sam = Optimizers.sam(Optimizers.sgd().lr(0.1).momentum(0.9)).rho(0.05);
 * OptState state = sam.init(params);
 * StepContext ctx = StepContext.of(objective);     // the loss and gradient at any point
 * Requirement.check(sam, ctx.capabilities(), "this loop");
 * for (int i = 0; i < 5; i++) {
 *     TensorMap grads = params.zerosLike();
 *     objective.evaluate(params, grads);
 *     sam.step(params, grads, state, ctx);
 * }
 * }</pre>
 */
public final class Sam extends Configurable<Sam>
        implements Fluent.Rho<Sam>, Fluent.Adaptive<Sam>, Fluent.Eps<Sam> {

    /** Spec: {@code sam(base, rho=0.05, adaptive=false, eps=1e-12)}. */
    public static final Descriptor<Sam> SPEC = Descriptor.builder("sam", Descriptor.Kind.WRAPPER, Sam::new)
            .summary("sharpness-aware minimization (ASAM with adaptive=true) around a base optimizer")
            .reference("Foret et al., ICLR 2021; Kwon et al., ICML 2021 (ASAM); davda54/sam")
            .param(Param.transform("base", "the optimizer that takes the descent step"))
            .param(Param.scalar("rho", 0.05, "radius of the ascent step").range(Range.atLeast(0)))
            .param(Param.flag("adaptive", false, "ASAM: scale the ascent by |w|"))
            .param(Param.scalar("eps", 1e-12, "added to the gradient norm").range(Range.atLeast(0)))
            .build();

    /** SAM state: its step count and the base optimizer's state. */
    public record State(Counter count, OptState base) implements Counted {}

    /** From validated hyperparameters; use {@code Optimizers.sam(base)}. */
    public Sam(Hyperparams hp) {
        super(hp);
    }

    /** The base optimizer. */
    public GradientTransformation base() {
        return hp.transform("base");
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), base().init(params));
    }

    /** SAM needs the gradient at the perturbed point. */
    @Override
    protected List<Requirement> ownRequirements() {
        return List.of(new Requirement(Capability.GRADIENT, "sam", "the gradient at the perturbed point w + ε̂"));
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        State s = (State) state;
        ascend(updates, s, params, ctx);
        base().update(updates, s.base(), params, ctx.child("base"));
        s.count().increment();
    }

    @Override
    public void step(TensorMap params, TensorMap grads, OptState state, StepContext ctx) {
        State s = (State) state;
        ascend(grads, s, params, ctx);
        base().step(params, grads, s.base(), ctx.child("base"));
        s.count().increment();
    }

    /** Replaces the gradient {@code g} at {@code w} by the gradient at {@code w + ε̂}. */
    private void ascend(TensorMap g, State s, TensorMap params, StepContext ctx) {
        long k = s.count().get();
        double r = at("rho", k);
        double e = at("eps", k);
        boolean adaptive = flag("adaptive");
        double sq = 0.0;
        for (String name : params.names()) {
            double[] w = params.get(name).data();
            double[] gd = g.get(name).data();
            for (int i = 0; i < gd.length; i++) {
                double v = adaptive ? Math.abs(w[i]) * gd[i] : gd[i];
                sq += v * v;
            }
        }
        double scale = r / (Math.sqrt(sq) + e);

        // Climb to w + ε̂ in a copy, so the original w is untouched and needs no restoring.
        TensorMap perturbed = params.copy();
        for (String name : params.names()) {
            double[] w = params.get(name).data();
            double[] gd = g.get(name).data();
            double[] pw = perturbed.get(name).data();
            for (int i = 0; i < gd.length; i++) {
                double ew = adaptive ? w[i] * w[i] * gd[i] * scale : gd[i] * scale;
                pw[i] = w[i] + ew;
            }
        }
        ctx.gradientAt(perturbed, g);
    }

    /** SAM's {@code rho} and {@code eps}, then the base's hyperparameters prefixed {@code base/}. */
    @Override
    public Map<String, Double> hyperparams(OptState state) {
        State s = (State) state;
        Map<String, Double> out = new LinkedHashMap<>();
        long k = s.count().get();
        out.put("rho", at("rho", k));
        out.put("eps", at("eps", k));
        base().hyperparams(s.base()).forEach((n, v) -> out.put("base/" + n, v));
        return out;
    }
}
