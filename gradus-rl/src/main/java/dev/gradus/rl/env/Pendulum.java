package dev.gradus.rl.env;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;

/**
 * Pendulum-v1, from the equations of Gym's {@code classic_control/pendulum.py}. State (θ, θ̇) with θ = 0 upright;
 * action a torque u:
 * <pre>
 *   u = clip(u, −2, 2)
 *   cost = norm(θ)² + 0.1 θ̇² + 0.001 u²            norm(x) = ((x + π) mod 2π) − π
 *   θ̇ ← clip(θ̇ + (3g/(2l) sin θ + 3/(m l²) u) dt, −8, 8)
 *   θ ← θ + θ̇ dt                                     reward = −cost
 * </pre>
 * g = 10 ({@code g}), m = l = 1, dt = 0.05; start θ ~ U[−π, π), θ̇ ~ U[−1, 1); observation (cos θ, sin θ, θ̇); never
 * terminates; truncated at {@code max_steps} (200).
 */
public final class Pendulum extends ClassicControl {
    /** Gym's constants. */
    public static final double MAX_SPEED = 8, MAX_TORQUE = 2.0, DT = 0.05, MASS = 1.0, LENGTH = 1.0;

    private final double g;

    /** Pendulum-v1. */
    public Pendulum() {
        this(200, 10.0);
    }

    /** With a time limit and gravity. */
    public Pendulum(int maxSteps, double g) {
        super("pendulum", 2, 3, ActionSpace.box(new double[] {-MAX_TORQUE}, new double[] {MAX_TORQUE}), maxSteps);
        this.g = g;
    }

    /** Python's {@code ((x + π) % (2π)) − π}: the result takes the sign of the divisor, so it lies in [−π, π). */
    static double angleNormalize(double x) {
        double m = (x + Math.PI) % (2 * Math.PI);
        if (m < 0) {
            m += 2 * Math.PI;
        }
        return m - Math.PI;
    }

    @Override
    protected void draw(RandomStream random) {
        s[0] = random.uniform(-Math.PI, Math.PI);
        s[1] = random.uniform(-1.0, 1.0);
    }

    @Override
    protected double advance(double[] action, RandomStream random) {
        double th = s[0], thDot = s[1];
        double u = Math.min(Math.max(action[0], -MAX_TORQUE), MAX_TORQUE);
        double n = angleNormalize(th);
        double cost = n * n + 0.1 * thDot * thDot + 0.001 * (u * u);
        double newThDot = thDot + (3 * g / (2 * LENGTH) * StrictMath.sin(th) + 3.0 / (MASS * LENGTH * LENGTH) * u) * DT;
        newThDot = Math.min(Math.max(newThDot, -MAX_SPEED), MAX_SPEED);
        s[0] = th + newThDot * DT;
        s[1] = newThDot;
        return -cost;
    }

    @Override
    protected boolean terminal() {
        return false;
    }

    @Override
    protected void observe(double[] out) {
        out[0] = StrictMath.cos(s[0]);
        out[1] = StrictMath.sin(s[0]);
        out[2] = s[1];
    }

    /** Spec {@code pendulum(max_steps=200, g=10.0)}. */
    public static final class Factory extends Configured<Factory> implements EnvFactory {
        /** The descriptor. */
        public static final Descriptor<Factory> SPEC = Descriptor.component("pendulum", "env", Factory::new)
                .summary("Pendulum-v1: swing a pendulum up and hold it with a bounded torque (Gym classic_control)")
                .reference("gym/envs/classic_control/pendulum.py")
                .param(Param.integer("max_steps", 200L, "time limit").range(Range.atLeast(1)))
                .param(Param.number("g", 10.0, "gravity").range(Range.atLeast(0)))
                .build();

        /** From validated settings. */
        public Factory(Hyperparams hp) {
            super(hp);
        }

        @Override
        public Pendulum create() {
            return new Pendulum(Math.toIntExact(hp.integer("max_steps")), hp.number("g"));
        }
    }
}
