package dev.gradus.rl.method;

import dev.gradus.autodiff.Var;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.rl.RlAlgorithm;
import dev.gradus.rl.env.EnvFactory;
import dev.gradus.rl.policy.PolicyFactory;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;

/**
 * PPO with the clipped surrogate and GAE (Schulman et al., "Proximal Policy Optimization Algorithms", 2017), following
 * Stable-Baselines3's {@code PPO} (its names and defaults). Per iteration: collect {@code n_steps} steps of each of
 * {@code n_envs} environments, compute GAE(γ, λ), then {@code n_epochs} passes over shuffled minibatches of
 * {@code batch_size}, each one Adam step (eps 1e-5, SB3's) on
 * <pre>
 *   r(θ) = π_θ(a|s)/π_old(a|s),   Â standardised per minibatch
 *   L = −mean(min(r Â, clip(r, 1 − ε, 1 + ε) Â)) − ent_coef·mean(H(π_θ(·|s))) + vf_coef·mean((V_φ(s) − R̂)²)
 * </pre>
 * with the gradients of actor and critic (separate 2×64 tanh networks, SB3's {@code MlpPolicy}) clipped to global
 * norm {@code max_grad_norm}. Not implemented: SB3's optional value clipping ({@code clip_range_vf}, off by default)
 * and {@code target_kl} early stopping (off by default); observations are not normalised (SB3 neither by default).
 */
public final class Ppo extends Configured<Ppo> implements RlAlgorithm {

    /** The descriptor. */
    public static final Descriptor<Ppo> SPEC = Descriptor.component("ppo", "rl_algorithm", Ppo::new)
            .summary("proximal policy optimization (clipped surrogate) with GAE; Stable-Baselines3's defaults")
            .reference("Schulman et al. 2017; Stable-Baselines3 PPO")
            .param(Param.scalar("lr", 3e-4, "Adam learning rate").range(Range.atLeast(0)))
            .param(OnPolicy.N_ENVS).param(OnPolicy.N_STEPS)
            .param(Param.integer("batch_size", 64L, "minibatch size").range(Range.atLeast(1)))
            .param(Param.integer("n_epochs", 10L, "passes over each batch").range(Range.atLeast(1)))
            .param(OnPolicy.GAMMA).param(OnPolicy.GAE_LAMBDA)
            .param(Param.number("clip_range", 0.2, "epsilon of the clipped ratio").range(Range.greaterThan(0)))
            .param(Param.number("ent_coef", 0.0, "entropy bonus weight").range(Range.atLeast(0)))
            .param(Param.number("vf_coef", 0.5, "value loss weight").range(Range.atLeast(0)))
            .param(Param.number("max_grad_norm", 0.5, "global gradient-norm clip").range(Range.greaterThan(0)))
            .param(Param.flag("normalize_advantage", true, "standardise advantages per minibatch"))
            .param(OnPolicy.CRITIC_HIDDEN)
            .build();

    /** From validated settings. */
    public Ppo(Hyperparams hp) {
        super(hp);
    }

    @Override
    public Run learner(EnvFactory env, PolicyFactory policy, long seed, long totalSteps) {
        return new Run(hp, env, policy, seed, totalSteps);
    }


    /** A running PPO. */
    public static final class Run extends OnPolicy {
        private final int batchSize;
        private final int epochs;
        private final double clip;
        private final double entCoef;
        private final double vfCoef;
        private final boolean normalize;

        Run(Hyperparams hp, EnvFactory env, PolicyFactory policy, long seed, long totalSteps) {
            super(hp, env, policy, seed, totalSteps);
            this.batchSize = Math.toIntExact(hp.integer("batch_size"));
            this.epochs = Math.toIntExact(hp.integer("n_epochs"));
            this.clip = hp.number("clip_range");
            this.entCoef = hp.number("ent_coef");
            this.vfCoef = hp.number("vf_coef");
            this.normalize = hp.flag("normalize_advantage");
            optimizer(Transforms.chain(Transforms.clipByGlobalNorm(hp.number("max_grad_norm")),
                    Optimizers.adam().lr(hp.schedule("lr")).eps(1e-5)), joint());
        }

        @Override
        void update(Batch b) {
            int n = b.size();
            TensorMap params = joint();
            double pgSum = 0;
            double vfSum = 0;
            double entSum = 0;
            double klSum = 0;
            double clipped = 0;
            int updates = 0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                int[] perm = minibatches.permutation(n);
                for (int start = 0; start < n; start += batchSize) {
                    int[] idx = java.util.Arrays.copyOfRange(perm, start, Math.min(n, start + batchSize));
                    double[] adv = pick(b.advantages, idx).data();
                    if (normalize && idx.length > 1) {
                        Gae.normalize(adv);
                    }
                    Tensor obs = rows(b.observations, idx);
                    Var head = policy.head(null, Var.constant(obs));
                    Var logp = policy.logProb(head, rows(b.actions, idx));
                    Tensor oldLogp = pick(b.logProbs, idx);
                    Var ratio = logp.sub(Var.constant(oldLogp)).exp();
                    Var a = Var.constant(Tensor.vector(adv));
                    Var surrogate = ratio.mul(a).minimum(ratio.clamp(1 - clip, 1 + clip).mul(a));
                    Var pgLoss = surrogate.mean().neg();
                    Var entropy = policy.entropy(head).mean();
                    Var vLoss = valueLoss(obs, pick(b.returns, idx));
                    Var loss = pgLoss.sub(entropy.mul(entCoef)).add(vLoss.mul(vfCoef));
                    TensorMap grads = gradients(loss, params, jointLeaves());
                    step(0, params, grads, loss.item());
                    double[] r = ratio.value().data();
                    double[] lp = logp.value().data();
                    for (int i = 0; i < r.length; i++) {
                        if (Math.abs(r[i] - 1) > clip) {
                            clipped++;
                        }
                        double logRatio = lp[i] - oldLogp.data()[i];
                        klSum += (Math.exp(logRatio) - 1) - logRatio; // SB3's approx_kl estimator
                    }
                    pgSum += pgLoss.item();
                    vfSum += vLoss.item();
                    entSum += entropy.item();
                    updates++;
                }
            }
            long seen = (long) epochs * n;
            metric("policy_loss", pgSum / updates);
            metric("value_loss", vfSum / updates);
            metric("entropy", entSum / updates);
            metric("approx_kl", klSum / seen);
            metric("clip_fraction", clipped / seen);
        }
    }
}
