package dev.gradus.rl.env;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;

/**
 * MountainCar-v0, from the equations of Gym's {@code classic_control/mountain_car.py} (Moore, 1990). State
 * (position p, velocity v); actions 0 (push left), 1 (no push), 2 (push right):
 * <pre>
 *   v ← clip(v + (a − 1)·0.001 − 0.0025·cos(3p), −0.07, 0.07)
 *   p ← clip(p + v, −1.2, 0.6);   v ← 0 if p = −1.2 and v &lt; 0
 * </pre>
 * Start p ~ U[−0.6, −0.4), v = 0; reward −1 per step; terminated when p ≥ 0.5 and v ≥ {@code goal_velocity} (0);
 * truncated at {@code max_steps} (200).
 */
public final class MountainCar extends ClassicControl {
    /** Gym's constants. */
    public static final double MIN_POSITION = -1.2, MAX_POSITION = 0.6, MAX_SPEED = 0.07, GOAL_POSITION = 0.5,
            FORCE = 0.001, GRAVITY = 0.0025;

    private final double goalVelocity;

    /** MountainCar-v0. */
    public MountainCar() {
        this(200, 0.0);
    }

    /** MountainCar with a time limit and a goal velocity. */
    public MountainCar(int maxSteps, double goalVelocity) {
        super("mountain_car", 2, 2, ActionSpace.discrete(3), maxSteps);
        this.goalVelocity = goalVelocity;
    }

    @Override
    protected void draw(RandomStream random) {
        start(s, random);
    }

    /** Gym's start of both mountain cars: p ~ U[−0.6, −0.4), v = 0. */
    static void start(double[] state, RandomStream random) {
        state[0] = random.uniform(-0.6, -0.4);
        state[1] = 0.0;
    }

    @Override
    protected double advance(double[] action, RandomStream random) {
        double p = s[0], v = s[1];
        v += (action[0] - 1) * FORCE + StrictMath.cos(3 * p) * (-GRAVITY);
        v = Math.min(Math.max(v, -MAX_SPEED), MAX_SPEED);
        p += v;
        p = Math.min(Math.max(p, MIN_POSITION), MAX_POSITION);
        if (p == MIN_POSITION && v < 0) {
            v = 0;
        }
        s[0] = p;
        s[1] = v;
        return -1.0;
    }

    @Override
    protected boolean terminal() {
        return s[0] >= GOAL_POSITION && s[1] >= goalVelocity;
    }

    @Override
    protected void observe(double[] out) {
        out[0] = s[0];
        out[1] = s[1];
    }

    /** Spec {@code mountain_car(max_steps=200, goal_velocity=0.0)}. */
    public static final class Factory extends Configured<Factory> implements EnvFactory {
        /** The descriptor. */
        public static final Descriptor<Factory> SPEC = Descriptor.component("mountain_car", "env", Factory::new)
                .summary("MountainCar-v0: drive an underpowered car up a hill, discrete pushes (Gym classic_control)")
                .reference("Moore 1990; gym/envs/classic_control/mountain_car.py")
                .param(Param.integer("max_steps", 200L, "time limit").range(Range.atLeast(1)))
                .param(Param.number("goal_velocity", 0.0, "the velocity needed at the goal"))
                .build();

        /** From validated settings. */
        public Factory(Hyperparams hp) {
            super(hp);
        }

        @Override
        public MountainCar create() {
            return new MountainCar(Math.toIntExact(hp.integer("max_steps")), hp.number("goal_velocity"));
        }
    }
}
