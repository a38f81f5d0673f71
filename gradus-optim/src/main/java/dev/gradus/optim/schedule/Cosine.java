package dev.gradus.optim.schedule;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import java.util.List;

/**
 * Cosine decay (Loshchilov &amp; Hutter, SGDR, ICLR 2017, without restarts):
 *
 * <pre>
 * c = min(t, steps);   value = init * ((1 - alpha) * (0.5 * (1 + cos(pi c / steps)))^exponent + alpha)
 * </pre>
 *
 * Reference: {@code optax.cosine_decay_schedule} ({@code decay_steps} is {@code steps}); after
 * {@code steps} the value stays at {@code alpha * init}.
 */
public final class Cosine extends SpecSchedule<Cosine> {

    /** Spec: {@code cosine}. */
    public static final Descriptor<Cosine> SPEC = Descriptor.builder("cosine", Descriptor.Kind.SCHEDULE, Cosine::new)
            .summary("cosine decay from init to alpha*init over steps")
            .reference("Loshchilov & Hutter, ICLR 2017; optax.cosine_decay_schedule")
            .param(Param.number("init", null, "value at the start"))
            .param(Param.integer("steps", null, "length of the decay").range(Range.atLeast(1)))
            .param(Param.number("alpha", 0.0, "final value as a fraction of init"))
            .param(Param.number("exponent", 1.0, "power of the cosine factor"))
            .build();

    private final double init;
    private final long steps;
    private final double alpha;
    private final double exponent;

    /** From validated hyperparameters; see {@link Schedules#cosine}. */
    public Cosine(Hyperparams hp) {
        super(hp);
        this.init = hp.number("init");
        this.steps = hp.integer("steps");
        this.alpha = hp.number("alpha");
        this.exponent = hp.number("exponent");
    }

    @Override
    public double at(long step) {
        long c = Math.min(Math.max(step, 0), steps);
        double cos = 0.5 * (1.0 + StrictMath.cos(Math.PI * c / steps));
        return init * ((1.0 - alpha) * StrictMath.pow(cos, exponent) + alpha);
    }
}
