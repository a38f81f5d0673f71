package dev.gradus.rl.env;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;

/**
 * Acrobot-v1, from the equations of Gym's {@code classic_control/acrobot.py} (Sutton 1996; the "book" dynamics of
 * Sutton & Barto). State (θ₁, θ₂, θ̇₁, θ̇₂); actions 0, 1, 2 apply torque −1, 0, +1 on the second joint. One step
 * integrates the equations of motion with one classical Runge-Kutta (RK4) step of dt = 0.2, then wraps θ₁, θ₂ into
 * [−π, π] and bounds θ̇₁ to ±4π, θ̇₂ to ±9π:
 * <pre>
 *   d₁ = m₁l_c1² + m₂(l₁² + l_c2² + 2 l₁ l_c2 cos θ₂) + I₁ + I₂;   d₂ = m₂(l_c2² + l₁ l_c2 cos θ₂) + I₂
 *   φ₂ = m₂ l_c2 g cos(θ₁ + θ₂ − π/2)
 *   φ₁ = −m₂ l₁ l_c2 θ̇₂² sin θ₂ − 2 m₂ l₁ l_c2 θ̇₂ θ̇₁ sin θ₂ + (m₁ l_c1 + m₂ l₁) g cos(θ₁ − π/2) + φ₂
 *   θ̈₂ = (τ + d₂/d₁ φ₁ − m₂ l₁ l_c2 θ̇₁² sin θ₂ − φ₂) / (m₂ l_c2² + I₂ − d₂²/d₁);   θ̈₁ = −(d₂ θ̈₂ + φ₁)/d₁
 * </pre>
 * with unit masses, lengths and moments, l_c = 0.5, g = 9.8. Start U(−0.1, 0.1)⁴, rounded to float32 as Gym does;
 * observation (cos θ₁, sin θ₁, cos θ₂, sin θ₂, θ̇₁, θ̇₂); reward −1 per step, 0 on the terminating step; terminated
 * when −cos θ₁ − cos(θ₁ + θ₂) &gt; 1; truncated at {@code max_steps} (500).
 */
public final class Acrobot extends ClassicControl {
    /** Gym's constants. */
    public static final double DT = 0.2, LINK_LENGTH_1 = 1.0, LINK_MASS_1 = 1.0, LINK_MASS_2 = 1.0,
            LINK_COM_POS_1 = 0.5, LINK_COM_POS_2 = 0.5, LINK_MOI = 1.0, MAX_VEL_1 = 4 * Math.PI,
            MAX_VEL_2 = 9 * Math.PI, GRAVITY = 9.8;
    private static final double[] TORQUE = {-1.0, 0.0, 1.0};

    private final double[] k1 = new double[4], k2 = new double[4], k3 = new double[4], k4 = new double[4],
            y = new double[4];

    /** Acrobot-v1. */
    public Acrobot() {
        this(500);
    }

    /** With a time limit. */
    public Acrobot(int maxSteps) {
        super("acrobot", 4, 6, ActionSpace.discrete(3), maxSteps);
    }

    @Override
    protected void draw(RandomStream random) {
        for (int i = 0; i < 4; i++) {
            s[i] = (float) random.uniform(-0.1, 0.1);
        }
    }

    /** The time derivative of state {@code q} under torque {@code a}, written into {@code out}. */
    static void dsdt(double[] q, double a, double[] out) {
        double m1 = LINK_MASS_1, m2 = LINK_MASS_2, l1 = LINK_LENGTH_1, lc1 = LINK_COM_POS_1, lc2 = LINK_COM_POS_2;
        double i1 = LINK_MOI, i2 = LINK_MOI, g = GRAVITY;
        double theta1 = q[0], theta2 = q[1], dtheta1 = q[2], dtheta2 = q[3];
        double d1 = m1 * lc1 * lc1 + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * StrictMath.cos(theta2)) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * StrictMath.cos(theta2)) + i2;
        double phi2 = m2 * lc2 * g * StrictMath.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * dtheta2 * dtheta2 * StrictMath.sin(theta2)
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * StrictMath.sin(theta2)
                + (m1 * lc1 + m2 * l1) * g * StrictMath.cos(theta1 - Math.PI / 2) + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * dtheta1 * dtheta1 * StrictMath.sin(theta2) - phi2)
                / (m2 * lc2 * lc2 + i2 - d2 * d2 / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        out[0] = dtheta1;
        out[1] = dtheta2;
        out[2] = ddtheta1;
        out[3] = ddtheta2;
    }

    @Override
    protected double advance(double[] action, RandomStream random) {
        double a = TORQUE[(int) action[0]];
        double dt2 = DT / 2.0;
        dsdt(s, a, k1);
        for (int i = 0; i < 4; i++) {
            y[i] = s[i] + dt2 * k1[i];
        }
        dsdt(y, a, k2);
        for (int i = 0; i < 4; i++) {
            y[i] = s[i] + dt2 * k2[i];
        }
        dsdt(y, a, k3);
        for (int i = 0; i < 4; i++) {
            y[i] = s[i] + DT * k3[i];
        }
        dsdt(y, a, k4);
        for (int i = 0; i < 4; i++) {
            s[i] = s[i] + DT / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        s[0] = wrap(s[0], -Math.PI, Math.PI);
        s[1] = wrap(s[1], -Math.PI, Math.PI);
        s[2] = Math.min(Math.max(s[2], -MAX_VEL_1), MAX_VEL_1);
        s[3] = Math.min(Math.max(s[3], -MAX_VEL_2), MAX_VEL_2);
        return terminal() ? 0.0 : -1.0;
    }

    /** Gym's {@code wrap}: shifts x by whole periods into [m, M]. */
    static double wrap(double x, double m, double big) {
        double diff = big - m;
        while (x > big) {
            x = x - diff;
        }
        while (x < m) {
            x = x + diff;
        }
        return x;
    }

    @Override
    protected boolean terminal() {
        return -StrictMath.cos(s[0]) - StrictMath.cos(s[1] + s[0]) > 1.0;
    }

    @Override
    protected void observe(double[] out) {
        out[0] = StrictMath.cos(s[0]);
        out[1] = StrictMath.sin(s[0]);
        out[2] = StrictMath.cos(s[1]);
        out[3] = StrictMath.sin(s[1]);
        out[4] = s[2];
        out[5] = s[3];
    }

    /** Spec {@code acrobot(max_steps=500)}. */
    public static final class Factory extends Configured<Factory> implements EnvFactory {
        /** The descriptor. */
        public static final Descriptor<Factory> SPEC = Descriptor.component("acrobot", "env", Factory::new)
                .summary("Acrobot-v1: swing a two-link arm above the bar by torque on the elbow (Gym classic_control)")
                .reference("Sutton 1996; gym/envs/classic_control/acrobot.py")
                .param(Param.integer("max_steps", 500L, "time limit").range(Range.atLeast(1)))
                .build();

        /** From validated settings. */
        public Factory(Hyperparams hp) {
            super(hp);
        }

        @Override
        public Acrobot create() {
            return new Acrobot(Math.toIntExact(hp.integer("max_steps")));
        }
    }
}
