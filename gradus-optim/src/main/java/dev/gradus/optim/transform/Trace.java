package dev.gradus.optim.transform;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;

/**
 * Heavy-ball momentum with dampening and Nesterov, with the semantics of {@code torch.optim.SGD}:
 *
 * <pre>
 * b_1 = u_1                                  (first step: the buffer is the update itself)
 * b_t = decay &middot; b_{t-1} + (1 - dampening) &middot; u_t
 * u_t &larr; u_t + decay &middot; b_t   if nesterov,   else   u_t &larr; b_t
 * </pre>
 *
 * When {@code decay} is 0 at a step the update passes through unchanged (torch skips momentum then,
 * dampening included). With {@code dampening = 0} this is {@code optax.trace}. References: Polyak 1964;
 * Sutskever et al., ICML 2013 (Nesterov form); {@code torch.optim.SGD}.
 */
public final class Trace extends Configurable<Trace> {

    /** Spec: {@code trace(decay, dampening=0.0, nesterov=false)}. */
    public static final Descriptor<Trace> SPEC = Descriptor.builder("trace", Descriptor.Kind.TRANSFORM, Trace::new)
            .summary("momentum: b <- decay*b + (1-dampening)*u; u <- b (or u + decay*b with nesterov)")
            .reference("Polyak 1964; Sutskever et al., ICML 2013; torch.optim.SGD momentum semantics")
            .param(Param.scalar("decay", 0.9, "momentum coefficient").range(Range.atLeast(0)))
            .param(Param.scalar("dampening", 0.0, "dampening of the new update").range(Range.closed(0, 1)))
            .param(Param.flag("nesterov", false, "Nesterov momentum"))
            .build();

    /** Momentum state: the step count and one buffer per parameter. */
    public record State(Counter count, TensorMap trace) implements Counted {}

    /** From validated hyperparameters; see {@code Transforms.trace}. */
    public Trace(Hyperparams hp) {
        super(hp);
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.zerosLike());
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        State s = (State) state;
        long t = s.count().get();
        double mu = at("decay", t);
        double keep = 1.0 - at("dampening", t);
        boolean nesterov = flag("nesterov");
        if (mu != 0) {
            for (String name : updates.names()) {
                double[] u = updates.get(name).data();
                double[] b = s.trace().get(name).data();
                for (int i = 0; i < u.length; i++) {
                    double bi = t == 0 ? u[i] : mu * b[i] + keep * u[i];
                    b[i] = bi;
                    u[i] = nesterov ? u[i] + mu * bi : bi;
                }
            }
        }
        s.count().increment();
    }
}
