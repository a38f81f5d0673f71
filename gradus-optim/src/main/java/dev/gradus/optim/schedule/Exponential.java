package dev.gradus.optim.schedule;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import java.util.List;

/**
 * Exponential decay: {@code value = init * rate^((t - begin)/steps)}, with the exponent floored when
 * {@code staircase}; {@code init} before {@code begin}. Reference: {@code optax.exponential_decay}
 * (without its {@code end_value} clipping).
 */
public final class Exponential extends SpecSchedule<Exponential> {

    /** Spec: {@code exponential}. */
    public static final Descriptor<Exponential> SPEC = Descriptor.builder("exponential", Descriptor.Kind.SCHEDULE, Exponential::new)
            .summary("init * rate^((t - begin)/steps)")
            .reference("optax.exponential_decay")
            .param(Param.number("init", null, "value at the start"))
            .param(Param.number("rate", null, "decay factor per steps steps").range(Range.atLeast(0)))
            .param(Param.integer("steps", null, "steps per factor of rate").range(Range.atLeast(1)))
            .param(Param.integer("begin", 0L, "step where the decay starts").range(Range.atLeast(0)))
            .param(Param.flag("staircase", false, "decay in discrete jumps every steps steps"))
            .build();

    private final double init;
    private final double rate;
    private final long steps;
    private final long begin;
    private final boolean staircase;

    /** From validated hyperparameters; see {@link Schedules#exponential}. */
    public Exponential(Hyperparams hp) {
        super(hp);
        this.init = hp.number("init");
        this.rate = hp.number("rate");
        this.steps = hp.integer("steps");
        this.begin = hp.integer("begin");
        this.staircase = hp.flag("staircase");
    }

    @Override
    public double at(long step) {
        long c = step - begin;
        if (c <= 0) {
            return init;
        }
        double p = staircase ? (double) (c / steps) : (double) c / steps;
        return init * StrictMath.pow(rate, p);
    }
}
