package dev.gradus.optim.schedule;

import dev.gradus.optim.Schedule;
import dev.gradus.optim.spec.Descriptor;
import java.util.List;

/**
 * Factories for the registered schedules; each takes the required values, and the optional ones are set
 * with {@code with(name, value)}:
 *
 * <pre>{@code
 * Schedule lr = Schedules.warmupCosine(0.0, 0.1, 100, 1000);
 * Optimizers.sgd().lr(Schedules.cosine(0.1, 1000).with("alpha", 0.01)).momentum(0.9);
 * }</pre>
 *
 * Every schedule is a pure function of the step, so a resumed run sees the values an uninterrupted one
 * would, and every one prints as a spec such as {@code cosine(init=0.1, steps=1000, alpha=0.0, exponent=1.0)}.
 */
public final class Schedules {
    private Schedules() {}

    /** Every registered schedule, for the spec registry and {@code gradus optim list}. */
    public static final List<Descriptor<? extends Schedule>> ALL = List.of(ConstantSchedule.SPEC, Linear.SPEC,
            Polynomial.SPEC, Exponential.SPEC, StepDecay.SPEC, PiecewiseConstant.SPEC, Cosine.SPEC, WarmupCosine.SPEC,
            OneCycle.SPEC, Sgdr.SPEC, Join.SPEC, SlowStartFastDecay.SPEC);

    /** {@code value} at every step. */
    public static ConstantSchedule constant(double value) {
        return new ConstantSchedule(value);
    }

    /** Linear from {@code init} to {@code end} over {@code steps} steps. */
    public static Linear linear(double init, double end, long steps) {
        return (Linear) Linear.SPEC.defaults().with("init", init).with("end", end).with("steps", steps).create();
    }

    /** Polynomial decay from {@code init} to {@code end} over {@code steps} steps. */
    public static Polynomial polynomial(double init, double end, double power, long steps) {
        return (Polynomial) Polynomial.SPEC.defaults().with("init", init).with("end", end).with("power", power)
                .with("steps", steps).create();
    }

    /** {@code init * rate^(t/steps)}. */
    public static Exponential exponential(double init, double rate, long steps) {
        return (Exponential) Exponential.SPEC.defaults().with("init", init).with("rate", rate).with("steps", steps)
                .create();
    }

    /** {@code init * gamma^floor(t/stepSize)}. */
    public static StepDecay stepDecay(double init, long stepSize, double gamma) {
        return (StepDecay) StepDecay.SPEC.defaults().with("init", init).with("step_size", stepSize).with("gamma", gamma)
                .create();
    }

    /** {@code init}, multiplied by {@code scales[i]} from step {@code boundaries[i]} on. */
    public static PiecewiseConstant piecewiseConstant(double init, long[] boundaries, double[] scales) {
        return (PiecewiseConstant) PiecewiseConstant.SPEC.defaults().with("init", init).with("boundaries", boundaries)
                .with("scales", scales).create();
    }

    /** Cosine decay from {@code init} to 0 over {@code steps} steps. */
    public static Cosine cosine(double init, long steps) {
        return (Cosine) Cosine.SPEC.defaults().with("init", init).with("steps", steps).create();
    }

    /** Linear warmup from {@code init} to {@code peak}, then cosine decay to 0 at step {@code steps}. */
    public static WarmupCosine warmupCosine(double init, double peak, long warmupSteps, long steps) {
        return (WarmupCosine) WarmupCosine.SPEC.defaults().with("init", init).with("peak", peak)
                .with("warmup_steps", warmupSteps).with("steps", steps).create();
    }

    /** The cosine one-cycle policy over {@code steps} steps peaking at {@code peak}. */
    public static OneCycle oneCycle(long steps, double peak) {
        return (OneCycle) OneCycle.SPEC.defaults().with("steps", steps).with("peak", peak).create();
    }

    /** Cosine annealing from {@code init} with warm restarts every {@code t0} steps. */
    public static Sgdr sgdr(double init, long t0) {
        return (Sgdr) Sgdr.SPEC.defaults().with("init", init).with("t_0", t0).create();
    }

    /** {@code schedules} one after another, switching at {@code boundaries}. */
    public static Join join(List<? extends Schedule> schedules, long[] boundaries) {
        return (Join) Join.SPEC.defaults().with("schedules", List.copyOf(schedules)).with("boundaries", boundaries)
                .create();
    }

    /** Slow linear start to {@code lrMax} until {@code warmupSteps}, linear decay to 0 at {@code decaySteps}. */
    public static SlowStartFastDecay slowStartFastDecay(double lrMax, long warmupSteps, long decaySteps) {
        return (SlowStartFastDecay) SlowStartFastDecay.SPEC.defaults().with("lr_max", lrMax)
                .with("warmup_steps", warmupSteps).with("decay_steps", decaySteps).create();
    }

    static void requireIncreasing(String name, long[] boundaries) {
        for (int k = 1; k < boundaries.length; k++) {
            if (boundaries[k] <= boundaries[k - 1]) {
                throw new IllegalArgumentException(name + ": boundaries must increase, got " + boundaries[k - 1] + " then "
                        + boundaries[k]);
            }
        }
    }
}
