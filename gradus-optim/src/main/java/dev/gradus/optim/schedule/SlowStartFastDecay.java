package dev.gradus.optim.schedule;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import java.util.List;

/**
 * The "slow start, fast decay" learning rate of adversarial fine-tuning (Jeddi, Shafiee &amp; Wong,
 * "A Simple Fine-tuning Is All You Need", 2020): a slow linear rise from 0 to {@code lr_max}, then a
 * fast decay to {@code lr_end}, then {@code lr_end}:
 *
 * <pre>
 * t &lt; t_w:          lr = lr_max * t / t_w
 * t_w &lt;= t &lt; t_d:   u = (t - t_w)/(t_d - t_w);  lr = lr_max + (lr_end - lr_max) u     (shape "linear")
 *                                               lr = lr_max (lr_end/lr_max)^u         (shape "exponential")
 * t &gt;= t_d:         lr = lr_end
 * </pre>
 *
 * with {@code t_w = warmup_steps} and {@code t_d = decay_steps} (absolute). No official code exists;
 * the breakpoints and the decay shape are reconstructed (papers digest 01, section 7), which is why the
 * shape is a choice. The exponential shape needs {@code lr_end > 0}.
 */
public final class SlowStartFastDecay extends SpecSchedule<SlowStartFastDecay> {

    /** Spec: {@code slow_start_fast_decay}. */
    public static final Descriptor<SlowStartFastDecay> SPEC = Descriptor.builder("slow_start_fast_decay", Descriptor.Kind.SCHEDULE, SlowStartFastDecay::new)
            .summary("slow linear rise to lr_max, fast decay to lr_end (adversarial fine-tuning)")
            .reference("Jeddi, Shafiee & Wong 2020 (reconstructed; no official code)")
            .param(Param.number("lr_max", null, "peak learning rate").range(Range.atLeast(0)))
            .param(Param.integer("warmup_steps", null, "t_w: end of the slow start").range(Range.atLeast(0)))
            .param(Param.integer("decay_steps", null, "t_d: end of the decay (absolute step)").range(Range.atLeast(1)))
            .param(Param.number("lr_end", 0.0, "value after the decay").range(Range.atLeast(0)))
            .param(Param.choice("shape", "linear", List.of("linear", "exponential"), "shape of the decay"))
            .build();

    private final double lrMax;
    private final long tw;
    private final long td;
    private final double lrEnd;
    private final boolean exponential;

    /** From validated hyperparameters; see {@link Schedules#slowStartFastDecay}. */
    public SlowStartFastDecay(Hyperparams hp) {
        super(hp);
        this.lrMax = hp.number("lr_max");
        this.tw = hp.integer("warmup_steps");
        this.td = hp.integer("decay_steps");
        this.lrEnd = hp.number("lr_end");
        this.exponential = hp.string("shape").equals("exponential");
        if (td <= tw) {
            throw new IllegalArgumentException("slow_start_fast_decay: decay_steps=" + td + " must exceed warmup_steps="
                    + tw + " (decay_steps is the absolute step where the decay ends)");
        }
        if (exponential && lrEnd <= 0) {
            throw new IllegalArgumentException("slow_start_fast_decay: shape=\"exponential\" needs lr_end > 0, got "
                    + lrEnd);
        }
    }

    @Override
    public double at(long step) {
        if (step < tw) {
            return lrMax * Math.max(step, 0) / tw;
        }
        if (step < td) {
            double u = (double) (step - tw) / (td - tw);
            return exponential ? lrMax * StrictMath.pow(lrEnd / lrMax, u) : lrMax + (lrEnd - lrMax) * u;
        }
        return lrEnd;
    }
}
