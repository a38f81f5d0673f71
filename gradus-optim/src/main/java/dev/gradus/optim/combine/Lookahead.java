package dev.gradus.optim.combine;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Schedule;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;
import java.util.Map;

/**
 * Lookahead (Zhang, Lucas, Hinton &amp; Ba, "Lookahead Optimizer: k steps forward, 1 step back",
 * NeurIPS 2019): the inner optimizer moves the parameters (the fast weights) for {@code k} steps, then
 * the slow weights move part of the way towards them and the fast weights restart from there:
 *
 * <pre>
 * every step:          p &larr; inner step
 * every k-th step:     phi &larr; phi + alpha (p - phi);   p &larr; phi
 * </pre>
 *
 * The slow weights start at the parameters given to {@code init} and live in the state
 * ({@code slow/<name>}), together with the inner state ({@code inner/...}), so both are saved and
 * restored. Defaults {@code k=5, alpha=0.5} are the paper's. {@code step} sets the fast weights to the
 * slow ones exactly; {@code update} returns {@code phi - p} on a synchronisation step, which
 * {@code apply} adds back with one rounding. Reference: {@code optax.lookahead}
 * ({@code sync_period}, {@code slow_step_size}).
 */
public final class Lookahead extends Configurable<Lookahead> {

    /** Spec: {@code lookahead(inner, k=5, alpha=0.5)}. */
    public static final Descriptor<Lookahead> SPEC = Descriptor
            .builder("lookahead", Descriptor.Kind.WRAPPER, Lookahead::new)
            .summary("k fast steps of the inner optimizer, then the slow weights move alpha of the way")
            .reference("Zhang et al., NeurIPS 2019; optax.lookahead")
            .param(Param.transform("inner", "the fast optimizer"))
            .param(Param.integer("k", 5L, "fast steps per synchronisation").range(Range.atLeast(1)))
            .param(Param.scalar("alpha", 0.5, "slow step size").range(Range.closed(0, 1)))
            .build();

    /** Step count, slow weights, and the inner optimizer's state. */
    public record State(Counter count, TensorMap slow, OptState inner) implements Counted {}

    private final GradientTransformation inner;
    private final long k;
    private final Schedule alpha;

    /** From validated hyperparameters; use {@code Transforms.lookahead}. */
    public Lookahead(Hyperparams hp) {
        super(hp);
        this.inner = hp.transform("inner");
        this.k = hp.integer("k");
        this.alpha = hp.schedule("alpha");
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.copy(), inner.init(params));
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        State s = (State) state;
        inner.update(updates, s.inner(), params, ctx.child("inner"));
        long t = s.count().get();
        s.count().increment();
        if ((t + 1) % k != 0) {
            return;
        }
        double a = alpha.at(t);
        for (String name : updates.names()) {
            double[] u = updates.get(name).data();
            double[] p = params.get(name).data();
            double[] slow = s.slow().get(name).data();
            for (int i = 0; i < u.length; i++) {
                double fast = p[i] + u[i];
                double phi = slow[i] + a * (fast - slow[i]);
                slow[i] = phi;
                u[i] = phi - p[i];
            }
        }
    }

    @Override
    public void step(TensorMap params, TensorMap grads, OptState state, StepContext ctx) {
        State s = (State) state;
        inner.step(params, grads, s.inner(), ctx.child("inner"));
        long t = s.count().get();
        s.count().increment();
        if ((t + 1) % k != 0) {
            return;
        }
        double a = alpha.at(t);
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] slow = s.slow().get(name).data();
            for (int i = 0; i < p.length; i++) {
                double phi = slow[i] + a * (p[i] - slow[i]);
                slow[i] = phi;
                p[i] = phi;
            }
        }
    }

    /** {@code alpha}, then the inner optimizer's hyperparameters prefixed {@code inner/}. */
    @Override
    public Map<String, Double> hyperparams(OptState state) {
        State s = (State) state;
        return withChild(super.hyperparams(state), "inner", inner, s.inner());
    }
}
