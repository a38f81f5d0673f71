package dev.gradus.rl;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.DescriptorProvider;
import dev.gradus.rl.critic.CriticLoss;
import dev.gradus.rl.env.Acrobot;
import dev.gradus.rl.env.CartPole;
import dev.gradus.rl.env.ContinuousMountainCar;
import dev.gradus.rl.env.Lqr;
import dev.gradus.rl.env.MazeEnv;
import dev.gradus.rl.env.MountainCar;
import dev.gradus.rl.env.Pendulum;
import dev.gradus.rl.env.TabularEnv;
import dev.gradus.rl.method.Mdpo;
import dev.gradus.rl.method.PolicyGradient;
import dev.gradus.rl.method.Ppo;
import dev.gradus.rl.policy.PolicyFactory;
import java.util.List;

/** gradus-rl's components for the spec language: environments ({@code env}), RL algorithms and policies. */
public final class RlDescriptors implements DescriptorProvider {

    /** The provider ServiceLoader creates. */
    public RlDescriptors() {}

    @Override
    public List<Descriptor<?>> descriptors() {
        return List.of(CartPole.Factory.SPEC, MountainCar.Factory.SPEC, ContinuousMountainCar.Factory.SPEC,
                Acrobot.Factory.SPEC, Pendulum.Factory.SPEC, Lqr.Factory.SPEC, TabularEnv.Chain.SPEC,
                TabularEnv.Gridworld.SPEC, TabularEnv.Random.SPEC, MazeEnv.Factory.SPEC, PolicyFactory.Softmax.SPEC,
                PolicyFactory.Gaussian.SPEC, Ppo.SPEC, Mdpo.SPEC, PolicyGradient.SPEC, CriticLoss.Mse.SPEC,
                CriticLoss.GaussianNll.SPEC, CriticLoss.Ggd.SPEC);
    }
}
