package dev.gradus.optim.schedule;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import java.util.List;

/**
 * Linear warmup from {@code init} to {@code peak} over {@code warmup_steps}, then cosine decay to
 * {@code end} at step {@code steps} (the total, warmup included):
 *
 * <pre>
 * t &lt; w:        value = (init - peak) * (1 - t/w) + peak
 * w &lt;= t:       c = min(t - w, steps - w);  value = end + (peak - end) * (0.5 (1 + cos(pi c / (steps - w))))^exponent
 * </pre>
 *
 * Reference: {@code optax.warmup_cosine_decay_schedule} ({@code decay_steps} is {@code steps}).
 */
public final class WarmupCosine extends SpecSchedule<WarmupCosine> {

    /** Spec: {@code warmup_cosine}. */
    public static final Descriptor<WarmupCosine> SPEC = Descriptor.builder("warmup_cosine", Descriptor.Kind.SCHEDULE, WarmupCosine::new)
            .summary("linear warmup to peak, then cosine decay to end at step steps")
            .reference("optax.warmup_cosine_decay_schedule")
            .param(Param.number("init", 0.0, "value at step 0"))
            .param(Param.number("peak", null, "value at the end of the warmup"))
            .param(Param.integer("warmup_steps", null, "length of the warmup").range(Range.atLeast(0)))
            .param(Param.integer("steps", null, "total length, warmup included").range(Range.atLeast(1)))
            .param(Param.number("end", 0.0, "value at the end of the decay"))
            .param(Param.number("exponent", 1.0, "power of the cosine factor"))
            .build();

    private final double init;
    private final double peak;
    private final long warmup;
    private final long steps;
    private final double end;
    private final double exponent;

    /** From validated hyperparameters; see {@link Schedules#warmupCosine}. */
    public WarmupCosine(Hyperparams hp) {
        super(hp);
        this.init = hp.number("init");
        this.peak = hp.number("peak");
        this.warmup = hp.integer("warmup_steps");
        this.steps = hp.integer("steps");
        this.end = hp.number("end");
        this.exponent = hp.number("exponent");
        if (steps <= warmup) {
            throw new IllegalArgumentException("warmup_cosine: steps=" + steps + " must exceed warmup_steps=" + warmup
                    + " (steps counts the warmup too)");
        }
    }

    @Override
    public double at(long step) {
        if (step < warmup) {
            return (init - peak) * (1.0 - (double) Math.max(step, 0) / warmup) + peak;
        }
        long c = Math.min(step - warmup, steps - warmup);
        double cos = 0.5 * (1.0 + StrictMath.cos(Math.PI * c / (steps - warmup)));
        return end + (peak - end) * StrictMath.pow(cos, exponent);
    }
}
