package dev.gradus.rl.env;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import java.util.List;

/**
 * CartPole-v1, from the equations of Gym's {@code classic_control/cartpole.py} (Barto, Sutton and Anderson, 1983;
 * Sutton's {@code pole.c}). State (x, ẋ, θ, θ̇); action 0 pushes left with force 10, 1 pushes right:
 * <pre>
 *   temp = (F + m_p l θ̇² sin θ) / (m_c + m_p)
 *   θ̈   = (g sin θ − cos θ · temp) / (l (4/3 − m_p cos²θ / (m_c + m_p)))
 *   ẍ   = temp − m_p l θ̈ cos θ / (m_c + m_p)
 *   euler:          x += τ ẋ;  ẋ += τ ẍ;  θ += τ θ̇;  θ̇ += τ θ̈
 *   semi_implicit:  ẋ += τ ẍ;  x += τ ẋ;  θ̇ += τ θ̈;  θ += τ θ̇
 * </pre>
 * with g = 9.8, m_c = 1, m_p = 0.1, l = 0.5 (half the pole), τ = 0.02. Start uniform in (−0.05, 0.05)⁴; reward 1
 * per step, the terminating step included; terminated when |x| > 2.4 or |θ| > 12° (12·2π/360 rad); truncated at
 * {@code max_steps} (500, CartPole-v1's {@code max_episode_steps}; 200 is v0).
 */
public final class CartPole extends ClassicControl {
    /** Gym's constants. */
    public static final double GRAVITY = 9.8, MASS_CART = 1.0, MASS_POLE = 0.1, TOTAL_MASS = MASS_POLE + MASS_CART,
            LENGTH = 0.5, POLEMASS_LENGTH = MASS_POLE * LENGTH, FORCE_MAG = 10.0, TAU = 0.02,
            THETA_THRESHOLD = 12 * 2 * Math.PI / 360, X_THRESHOLD = 2.4;

    private final boolean euler;

    /** CartPole-v1: Euler integration, 500 steps. */
    public CartPole() {
        this(500, true);
    }

    /** CartPole with a time limit and integrator ({@code euler} true: Gym's default). */
    public CartPole(int maxSteps, boolean euler) {
        super("cartpole", 4, 4, ActionSpace.discrete(2), maxSteps);
        this.euler = euler;
    }

    @Override
    protected void draw(RandomStream random) {
        for (int i = 0; i < 4; i++) {
            s[i] = random.uniform(-0.05, 0.05);
        }
    }

    @Override
    protected double advance(double[] action, RandomStream random) {
        double force = action[0] == 1 ? FORCE_MAG : -FORCE_MAG;
        double x = s[0], xDot = s[1], theta = s[2], thetaDot = s[3];
        double cos = SmallAngle.cos(theta);
        double sin = SmallAngle.sin(theta);
        double temp = (force + POLEMASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp) / (LENGTH * (4.0 / 3.0 - MASS_POLE * cos * cos / TOTAL_MASS));
        double xAcc = temp - POLEMASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        if (euler) {
            x = x + TAU * xDot;
            xDot = xDot + TAU * xAcc;
            theta = theta + TAU * thetaDot;
            thetaDot = thetaDot + TAU * thetaAcc;
        } else {
            xDot = xDot + TAU * xAcc;
            x = x + TAU * xDot;
            thetaDot = thetaDot + TAU * thetaAcc;
            theta = theta + TAU * thetaDot;
        }
        s[0] = x;
        s[1] = xDot;
        s[2] = theta;
        s[3] = thetaDot;
        return 1.0;
    }

    @Override
    protected boolean terminal() {
        return s[0] < -X_THRESHOLD || s[0] > X_THRESHOLD || s[2] < -THETA_THRESHOLD || s[2] > THETA_THRESHOLD;
    }

    @Override
    protected void observe(double[] out) {
        System.arraycopy(s, 0, out, 0, 4);
    }

    /** Spec {@code cartpole(max_steps=500, integrator=euler)}. */
    public static final class Factory extends Configured<Factory> implements EnvFactory {
        /** The descriptor. */
        public static final Descriptor<Factory> SPEC = Descriptor.component("cartpole", "env", Factory::new)
                .summary("CartPole-v1: balance a pole on a cart (Gym classic_control)")
                .reference("Barto, Sutton & Anderson 1983; gym/envs/classic_control/cartpole.py")
                .param(Param.integer("max_steps", 500L, "time limit (500 for v1, 200 for v0)").range(Range.atLeast(1)))
                .param(Param.choice("integrator", "euler", List.of("euler", "semi_implicit"), "the kinematics integrator"))
                .build();

        /** From validated settings. */
        public Factory(Hyperparams hp) {
            super(hp);
        }

        @Override
        public CartPole create() {
            return new CartPole(Math.toIntExact(hp.integer("max_steps")), hp.string("integrator").equals("euler"));
        }
    }
}
