package dev.gradus.optim.schedule;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import java.util.List;

/**
 * Polynomial decay from {@code init} to {@code end} over {@code steps} steps, starting at {@code begin}:
 *
 * <pre>
 * c = clip(t - begin, 0, steps);   value = (init - end) * (1 - c/steps)^power + end
 * </pre>
 *
 * Reference: {@code optax.polynomial_schedule}. Before {@code begin} the value is {@code init}; after the
 * transition it stays at {@code end}.
 */
public final class Polynomial extends SpecSchedule<Polynomial> {

    /** Spec: {@code polynomial}. */
    public static final Descriptor<Polynomial> SPEC = Descriptor.builder("polynomial", Descriptor.Kind.SCHEDULE, Polynomial::new)
            .summary("polynomial decay from init to end over steps")
            .reference("optax.polynomial_schedule")
            .param(Param.number("init", null, "value at the start"))
            .param(Param.number("end", null, "value after the transition"))
            .param(Param.number("power", null, "exponent of the decay"))
            .param(Param.integer("steps", null, "length of the transition").range(Range.atLeast(1)))
            .param(Param.integer("begin", 0L, "step where the transition starts").range(Range.atLeast(0)))
            .build();

    private final double init;
    private final double end;
    private final double power;
    private final long steps;
    private final long begin;

    /** From validated hyperparameters; see {@link Schedules#polynomial}. */
    public Polynomial(Hyperparams hp) {
        super(hp);
        this.init = hp.number("init");
        this.end = hp.number("end");
        this.power = hp.number("power");
        this.steps = hp.integer("steps");
        this.begin = hp.integer("begin");
    }

    @Override
    public double at(long step) {
        long c = Math.min(Math.max(step - begin, 0), steps);
        double frac = 1.0 - (double) c / steps;
        return (init - end) * StrictMath.pow(frac, power) + end;
    }
}
