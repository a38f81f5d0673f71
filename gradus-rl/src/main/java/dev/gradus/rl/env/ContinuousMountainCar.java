package dev.gradus.rl.env;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;

/**
 * MountainCarContinuous-v0, from the equations of Gym's {@code classic_control/continuous_mountain_car.py}. State
 * (p, v); action u ∈ [−1, 1]:
 * <pre>
 *   f = clip(u, −1, 1)
 *   v ← clip(v + f·0.0015 − 0.0025·cos(3p), −0.07, 0.07)
 *   p ← clip(p + v, −1.2, 0.6);   v ← 0 if p = −1.2 and v &lt; 0
 *   reward = 100·[terminated] − 0.1·u²              (the unclipped u, as in Gym)
 * </pre>
 * Start p ~ U[−0.6, −0.4), v = 0; terminated when p ≥ 0.45 and v ≥ {@code goal_velocity}; truncated at
 * {@code max_steps} (999). As in Gym, the state is stored in float32 after every step (Gym keeps
 * {@code np.array([p, v], dtype=np.float32)}), so a trajectory follows Gym's rounding; the arithmetic of a step is
 * float64.
 */
public final class ContinuousMountainCar extends ClassicControl {
    /** Gym's constants. */
    public static final double MIN_ACTION = -1.0, MAX_ACTION = 1.0, MIN_POSITION = -1.2, MAX_POSITION = 0.6,
            MAX_SPEED = 0.07, GOAL_POSITION = 0.45, POWER = 0.0015;

    private final double goalVelocity;
    private boolean goal; // decided in float64 before the state is rounded, as Gym does

    /** MountainCarContinuous-v0. */
    public ContinuousMountainCar() {
        this(999, 0.0);
    }

    /** With a time limit and a goal velocity. */
    public ContinuousMountainCar(int maxSteps, double goalVelocity) {
        super("mountain_car_continuous", 2, 2, ActionSpace.box(new double[] {MIN_ACTION}, new double[] {MAX_ACTION}),
                maxSteps);
        this.goalVelocity = goalVelocity;
    }

    @Override
    protected void draw(RandomStream random) {
        MountainCar.start(s, random);
    }

    @Override
    protected double advance(double[] action, RandomStream random) {
        double p = s[0], v = s[1];
        double force = Math.min(Math.max(action[0], MIN_ACTION), MAX_ACTION);
        v += force * POWER - 0.0025 * StrictMath.cos(3 * p);
        if (v > MAX_SPEED) {
            v = MAX_SPEED;
        }
        if (v < -MAX_SPEED) {
            v = -MAX_SPEED;
        }
        p += v;
        if (p > MAX_POSITION) {
            p = MAX_POSITION;
        }
        if (p < MIN_POSITION) {
            p = MIN_POSITION;
        }
        if (p == MIN_POSITION && v < 0) {
            v = 0;
        }
        goal = p >= GOAL_POSITION && v >= goalVelocity;
        s[0] = (float) p;
        s[1] = (float) v;
        double reward = goal ? 100.0 : 0.0;
        return reward - action[0] * action[0] * 0.1;
    }

    @Override
    protected boolean terminal() {
        return goal;
    }

    @Override
    protected void observe(double[] out) {
        out[0] = s[0];
        out[1] = s[1];
    }

    /** Spec {@code mountain_car_continuous(max_steps=999, goal_velocity=0.0)}. */
    public static final class Factory extends Configured<Factory> implements EnvFactory {
        /** The descriptor. */
        public static final Descriptor<Factory> SPEC = Descriptor.component("mountain_car_continuous", "env",
                        Factory::new)
                .summary("MountainCarContinuous-v0: the mountain car with a real-valued push (Gym classic_control)")
                .reference("gym/envs/classic_control/continuous_mountain_car.py")
                .param(Param.integer("max_steps", 999L, "time limit").range(Range.atLeast(1)))
                .param(Param.number("goal_velocity", 0.0, "the velocity needed at the goal"))
                .build();

        /** From validated settings. */
        public Factory(Hyperparams hp) {
            super(hp);
        }

        @Override
        public ContinuousMountainCar create() {
            return new ContinuousMountainCar(Math.toIntExact(hp.integer("max_steps")), hp.number("goal_velocity"));
        }
    }
}
