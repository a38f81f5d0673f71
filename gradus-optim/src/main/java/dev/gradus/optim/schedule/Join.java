package dev.gradus.optim.schedule;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import java.util.List;

/**
 * Joins schedules end to end: schedule {@code i} runs from {@code boundaries[i-1]} (0 for the first)
 * and sees the step relative to where it started. {@code boundaries} has one entry fewer than
 * {@code schedules}. Reference: {@code optax.join_schedules}.
 */
public final class Join extends SpecSchedule<Join> {

    /** Spec: {@code join}. */
    public static final Descriptor<Join> SPEC = Descriptor.builder("join", Descriptor.Kind.SCHEDULE, Join::new)
            .summary("schedules run one after another, switching at boundaries")
            .reference("optax.join_schedules")
            .param(Param.tuple("schedules", ParamType.SCHEDULES, null, "the schedules, in order"))
            .param(Param.tuple("boundaries", ParamType.INTS, null, "increasing steps where the next schedule starts"))
            .build();

    private final List<dev.gradus.optim.Schedule> schedules;
    private final long[] boundaries;

    /** From validated hyperparameters; see {@link Schedules#join}. */
    public Join(Hyperparams hp) {
        super(hp);
        this.schedules = hp.schedules("schedules");
        this.boundaries = hp.integers("boundaries");
        if (schedules.size() != boundaries.length + 1) {
            throw new IllegalArgumentException("join: " + schedules.size() + " schedules need " + (schedules.size() - 1)
                    + " boundaries, got " + boundaries.length);
        }
        Schedules.requireIncreasing("join", boundaries);
    }

    @Override
    public double at(long step) {
        int k = 0;
        while (k < boundaries.length && step >= boundaries[k]) {
            k++;
        }
        return schedules.get(k).at(k == 0 ? step : step - boundaries[k - 1]);
    }
}
