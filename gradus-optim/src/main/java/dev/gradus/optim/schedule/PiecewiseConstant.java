package dev.gradus.optim.schedule;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import java.util.List;

/**
 * Piecewise constant: starts at {@code init} and is multiplied by {@code scales[i]} from step
 * {@code boundaries[i]} on. Reference: {@code optax.piecewise_constant_schedule}, with its
 * {@code boundaries_and_scales} dictionary written as two tuples.
 */
public final class PiecewiseConstant extends SpecSchedule<PiecewiseConstant> {

    /** Spec: {@code piecewise_constant}. */
    public static final Descriptor<PiecewiseConstant> SPEC = Descriptor.builder("piecewise_constant", Descriptor.Kind.SCHEDULE, PiecewiseConstant::new)
            .summary("init, multiplied by scales[i] from step boundaries[i] on")
            .reference("optax.piecewise_constant_schedule")
            .param(Param.number("init", null, "value at the start"))
            .param(Param.tuple("boundaries", ParamType.INTS, null, "increasing steps where the value changes"))
            .param(Param.tuple("scales", ParamType.DOUBLES, null, "factor applied at each boundary"))
            .build();

    private final double init;
    private final long[] boundaries;
    private final double[] scales;

    /** From validated hyperparameters; see {@link Schedules#piecewiseConstant}. */
    public PiecewiseConstant(Hyperparams hp) {
        super(hp);
        this.init = hp.number("init");
        this.boundaries = hp.integers("boundaries");
        this.scales = hp.numbers("scales");
        if (boundaries.length != scales.length) {
            throw new IllegalArgumentException("piecewise_constant: " + boundaries.length + " boundaries but "
                    + scales.length + " scales; give one scale per boundary");
        }
        Schedules.requireIncreasing("piecewise_constant", boundaries);
    }

    @Override
    public double at(long step) {
        double v = init;
        for (int k = 0; k < boundaries.length && step >= boundaries[k]; k++) {
            v *= scales[k];
        }
        return v;
    }
}
