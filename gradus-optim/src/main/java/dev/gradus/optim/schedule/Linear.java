package dev.gradus.optim.schedule;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import java.util.List;

/**
 * Linear interpolation from {@code init} to {@code end} over {@code steps} steps starting at
 * {@code begin}: {@link Polynomial} with power 1, as {@code optax.linear_schedule}.
 */
public final class Linear extends SpecSchedule<Linear> {

    /** Spec: {@code linear}. */
    public static final Descriptor<Linear> SPEC = Descriptor.builder("linear", Descriptor.Kind.SCHEDULE, Linear::new)
            .summary("linear from init to end over steps")
            .reference("optax.linear_schedule")
            .param(Param.number("init", null, "value at the start"))
            .param(Param.number("end", null, "value after the transition"))
            .param(Param.integer("steps", null, "length of the transition").range(Range.atLeast(1)))
            .param(Param.integer("begin", 0L, "step where the transition starts").range(Range.atLeast(0)))
            .build();

    private final double init;
    private final double end;
    private final long steps;
    private final long begin;

    /** From validated hyperparameters; see {@link Schedules#linear}. */
    public Linear(Hyperparams hp) {
        super(hp);
        this.init = hp.number("init");
        this.end = hp.number("end");
        this.steps = hp.integer("steps");
        this.begin = hp.integer("begin");
    }

    @Override
    public double at(long step) {
        long c = Math.min(Math.max(step - begin, 0), steps);
        return (init - end) * (1.0 - (double) c / steps) + end;
    }
}
