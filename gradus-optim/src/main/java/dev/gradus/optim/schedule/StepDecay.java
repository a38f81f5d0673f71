package dev.gradus.optim.schedule;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import java.util.List;

/**
 * Step decay: {@code value = init * gamma^floor(t / step_size)}, as {@code torch.optim.lr_scheduler.StepLR}
 * (with the scheduler stepped once per optimizer step).
 */
public final class StepDecay extends SpecSchedule<StepDecay> {

    /** Spec: {@code step_decay}. */
    public static final Descriptor<StepDecay> SPEC = Descriptor.builder("step_decay", Descriptor.Kind.SCHEDULE, StepDecay::new)
            .summary("init * gamma^floor(t / step_size)")
            .reference("torch.optim.lr_scheduler.StepLR")
            .param(Param.number("init", null, "value at the start"))
            .param(Param.integer("step_size", null, "steps between decays").range(Range.atLeast(1)))
            .param(Param.number("gamma", 0.1, "factor applied every step_size steps").range(Range.atLeast(0)))
            .build();

    private final double init;
    private final long stepSize;
    private final double gamma;

    /** From validated hyperparameters; see {@link Schedules#stepDecay}. */
    public StepDecay(Hyperparams hp) {
        super(hp);
        this.init = hp.number("init");
        this.stepSize = hp.integer("step_size");
        this.gamma = hp.number("gamma");
    }

    @Override
    public double at(long step) {
        return init * StrictMath.pow(gamma, (double) (Math.max(step, 0) / stepSize));
    }
}
