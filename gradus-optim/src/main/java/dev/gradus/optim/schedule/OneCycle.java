package dev.gradus.optim.schedule;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import java.util.List;

/**
 * The one-cycle policy (Smith &amp; Topin, 2017) with cosine annealing: from {@code peak/div_factor} up
 * to {@code peak} at step {@code floor(pct_start * steps)}, then down to
 * {@code peak/(div_factor * final_div_factor)} at step {@code steps}, both halves cosine-interpolated
 * ({@code interp(a, b, u) = b + (a - b)(1 + cos(pi u))/2}).
 *
 * Reference: {@code optax.cosine_onecycle_schedule} ({@code transition_steps} is {@code steps}). The
 * names {@code pct_start}, {@code div_factor} and {@code final_div_factor} match
 * {@code torch.optim.lr_scheduler.OneCycleLR}, whose phase boundary is one step earlier.
 */
public final class OneCycle extends SpecSchedule<OneCycle> {

    /** Spec: {@code one_cycle}. */
    public static final Descriptor<OneCycle> SPEC = Descriptor.builder("one_cycle", Descriptor.Kind.SCHEDULE, OneCycle::new)
            .summary("cosine one-cycle: up to peak, then down to peak/(div_factor*final_div_factor)")
            .reference("Smith & Topin 2017; optax.cosine_onecycle_schedule")
            .param(Param.integer("steps", null, "length of the cycle").range(Range.atLeast(1)))
            .param(Param.number("peak", null, "value at the top of the cycle"))
            .param(Param.number("pct_start", 0.3, "fraction of the cycle spent rising").range(Range.closed(0, 1)))
            .param(Param.number("div_factor", 25.0, "peak / initial value").range(Range.greaterThan(0)))
            .param(Param.number("final_div_factor", 1e4, "initial / final value").range(Range.greaterThan(0)))
            .build();

    private final long steps;
    private final double peak;
    private final long rise;
    private final double start;
    private final double last;

    /** From validated hyperparameters; see {@link Schedules#oneCycle}. */
    public OneCycle(Hyperparams hp) {
        super(hp);
        this.steps = hp.integer("steps");
        this.peak = hp.number("peak");
        this.rise = (long) Math.floor(hp.number("pct_start") * steps);
        this.start = peak / hp.number("div_factor");
        this.last = start / hp.number("final_div_factor");
    }

    @Override
    public double at(long step) {
        if (step < rise) {
            return interp(start, peak, (double) Math.max(step, 0) / rise);
        }
        if (step < steps) {
            return interp(peak, last, (double) (step - rise) / (steps - rise));
        }
        return last;
    }

    private static double interp(double a, double b, double u) {
        return b + (a - b) * 0.5 * (StrictMath.cos(Math.PI * u) + 1.0);
    }
}
