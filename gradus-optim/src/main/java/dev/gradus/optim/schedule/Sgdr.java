package dev.gradus.optim.schedule;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import java.util.List;

/**
 * SGDR: cosine annealing with warm restarts (Loshchilov &amp; Hutter, ICLR 2017). The i-th period has
 * length {@code t_0 * t_mult^i}; within it, with {@code tc} steps since the restart and period
 * {@code ti}:
 *
 * <pre>
 * value = eta_min + (init - eta_min) * (1 + cos(pi tc / ti)) / 2
 * </pre>
 *
 * Reference: {@code torch.optim.lr_scheduler.CosineAnnealingWarmRestarts} ({@code T_0}, {@code T_mult},
 * {@code eta_min}), with {@code init} the base learning rate and one scheduler step per optimizer step.
 */
public final class Sgdr extends SpecSchedule<Sgdr> {

    /** Spec: {@code sgdr}. */
    public static final Descriptor<Sgdr> SPEC = Descriptor.builder("sgdr", Descriptor.Kind.SCHEDULE, Sgdr::new)
            .summary("cosine annealing with warm restarts every t_0 * t_mult^i steps")
            .reference("Loshchilov & Hutter, ICLR 2017; torch.optim.lr_scheduler.CosineAnnealingWarmRestarts")
            .param(Param.number("init", null, "value at each restart"))
            .param(Param.integer("t_0", null, "length of the first period").range(Range.atLeast(1)))
            .param(Param.integer("t_mult", 1L, "growth factor of the period").range(Range.atLeast(1)))
            .param(Param.number("eta_min", 0.0, "value at the end of each period"))
            .build();

    private final double init;
    private final long t0;
    private final long tMult;
    private final double etaMin;

    /** From validated hyperparameters; see {@link Schedules#sgdr}. */
    public Sgdr(Hyperparams hp) {
        super(hp);
        this.init = hp.number("init");
        this.t0 = hp.integer("t_0");
        this.tMult = hp.integer("t_mult");
        this.etaMin = hp.number("eta_min");
    }

    @Override
    public double at(long step) {
        long tc = Math.max(step, 0);
        long ti = t0;
        if (tMult == 1) {
            tc %= t0;
        } else {
            while (tc >= ti) {
                tc -= ti;
                ti *= tMult;
            }
        }
        return etaMin + (init - etaMin) * (1.0 + StrictMath.cos(Math.PI * tc / ti)) / 2.0;
    }
}
