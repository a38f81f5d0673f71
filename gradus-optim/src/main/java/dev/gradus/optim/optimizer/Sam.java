package dev.gradus.optim.optimizer;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.Objective;
import dev.gradus.optim.ObjectiveOptimizer;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Schedule;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;
import java.util.LinkedHashMap;
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
 * <p>SAM needs two gradient evaluations per step, so it is an {@link ObjectiveOptimizer}: call
 * {@link #step(TensorMap, Objective, OptState)}; the one-gradient {@link #update} is refused. The state
 * holds SAM's own step count (for a schedule on {@code rho}) and the base optimizer's state, which takes
 * exactly one step per SAM step, so saving and resuming work as for any optimizer. Deviations from the
 * reference: the original weights are restored by copy (newer {@code sam.py}; the first release
 * subtracted ε̂, which is not exact in floating point); BatchNorm statistics during the second pass are the
 * objective's business (common practice: do not update them).
 */
public final class Sam extends Configurable<Sam> implements ObjectiveOptimizer {

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

    private final GradientTransformation base;
    private final Schedule rho;
    private final boolean adaptive;
    private final Schedule eps;

    /** From validated hyperparameters; use {@code Optimizers.sam(base)}. */
    public Sam(Hyperparams hp) {
        super(hp);
        this.base = hp.transform("base");
        this.rho = hp.schedule("rho");
        this.adaptive = hp.flag("adaptive");
        this.eps = hp.schedule("eps");
    }

    /** Sets the radius {@code rho}. */
    public Sam rho(double value) {
        return with("rho", value);
    }

    /** Sets the radius {@code rho} as a schedule. */
    public Sam rho(Schedule value) {
        return with("rho", value);
    }

    /** Turns ASAM on or off. */
    public Sam adaptive(boolean value) {
        return with("adaptive", value);
    }

    /** Sets the guard {@code eps} of the norm. */
    public Sam eps(double value) {
        return with("eps", value);
    }

    /** The base optimizer. */
    public GradientTransformation base() {
        return base;
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), base.init(params));
    }

    /** Refused: SAM needs the objective to take its second gradient. */
    @Override
    public void update(TensorMap updates, OptState state, TensorMap params) {
        throw new UnsupportedOperationException("sam needs two gradients per step: call "
                + "step(params, objective, state) with the loss-and-gradient function");
    }

    /** Refused, as {@link #update}. */
    @Override
    public void step(TensorMap params, TensorMap grads, OptState state) {
        update(grads, state, params);
    }

    @Override
    public double step(TensorMap params, Objective objective, OptState state) {
        State s = (State) state;
        long k = s.count().get();
        double r = rho.at(k);
        double e = eps.at(k);
        TensorMap grads = params.zerosLike();
        double loss = objective.evaluate(params, grads);

        double sq = 0.0;
        for (String name : params.names()) {
            double[] w = params.get(name).data();
            double[] g = grads.get(name).data();
            for (int i = 0; i < g.length; i++) {
                double v = adaptive ? Math.abs(w[i]) * g[i] : g[i];
                sq += v * v;
            }
        }
        double scale = r / (Math.sqrt(sq) + e);

        // Climb to w + ε̂ in a copy, so the original w is untouched and needs no restoring.
        TensorMap perturbed = params.copy();
        for (String name : params.names()) {
            double[] w = params.get(name).data();
            double[] g = grads.get(name).data();
            double[] pw = perturbed.get(name).data();
            for (int i = 0; i < g.length; i++) {
                double ew = adaptive ? w[i] * w[i] * g[i] * scale : g[i] * scale;
                pw[i] = w[i] + ew;
            }
        }
        objective.evaluate(perturbed, grads);
        base.step(params, grads, s.base());
        s.count().increment();
        return loss;
    }

    /** SAM's {@code rho} and {@code eps}, then the base's hyperparameters prefixed {@code base/}. */
    @Override
    public Map<String, Double> hyperparams(OptState state) {
        State s = (State) state;
        Map<String, Double> out = new LinkedHashMap<>();
        long k = s.count().get();
        out.put("rho", rho.at(k));
        out.put("eps", eps.at(k));
        base.hyperparams(s.base()).forEach((n, v) -> out.put("base/" + n, v));
        return out;
    }
}
