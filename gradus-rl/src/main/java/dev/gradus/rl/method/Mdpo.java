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
 * On-policy MDPO, mirror-descent policy optimization (Tomar, Shani, Efroni, Ghavamzadeh, ICLR 2022; official code
 * {@code manantomar/Mirror-Descent-Policy-Optimization mdpo_on/mdpo.py}): each update is an approximate mirror-descent
 * step π_{k+1} = argmax_π ⟨∇J(π_k), π − π_k⟩ − (1/t_k) KL(π‖π_k), solved by {@code sgd_steps} = m Adam steps on the
 * KL-regularised surrogate over the same full batch, from θ_k:
 * <pre>
 *   L_k(θ) = mean(π_θ(a|s)/π_θk(a|s) · Â) − (1/t_k)·mean_s KL(π_θ(·|s) ‖ π_θk(·|s))       (Â: GAE, standardised)
 *   t_k = tk·(1 − k/K)   (annealed, the code's schedule: the KL weight grows; K = the planned iterations)
 * </pre>
 * At θ = θ_k the KL's gradient is zero, so m = 1 is exactly importance-ratio (vanilla) policy gradient; the proximity
 * term acts from the second inner step on. The critic is fitted afterwards by {@code vf_epochs} passes of minibatch
 * ({@code vf_batch_size}) Adam on the squared error to the GAE targets. Defaults from the code: m = 5, lr 3e-4, global
 * gradient-norm clip 0.5, 2048 steps per batch. Not implemented: the code's clipped value loss, observation and reward
 * normalisation, and the linear decay of the learning rate (give {@code lr} a schedule for it).
 */
public final class Mdpo extends Configured<Mdpo> implements RlAlgorithm {

    /** The descriptor. */
    public static final Descriptor<Mdpo> SPEC = Descriptor.component("mdpo", "rl_algorithm", Mdpo::new)
            .summary("on-policy mirror-descent policy optimization: m Adam steps on a KL-proximal surrogate")
            .reference("Tomar et al., ICLR 2022; manantomar/Mirror-Descent-Policy-Optimization mdpo_on")
            .param(Param.scalar("lr", 3e-4, "Adam learning rate of the policy").range(Range.atLeast(0)))
            .param(OnPolicy.N_ENVS).param(OnPolicy.N_STEPS)
            .param(Param.integer("sgd_steps", 5L, "m: inner Adam steps per mirror-descent step").range(Range.atLeast(1)))
            .param(OnPolicy.GAMMA).param(OnPolicy.GAE_LAMBDA)
            .param(Param.number("tk", 1.0, "the mirror-descent step size t_k (its start when annealed)")
                    .range(Range.greaterThan(0)))
            .param(Param.flag("anneal", true, "t_k = tk (1 - k/K): the KL weight grows during training"))
            .param(Param.scalar("vf_lr", 3e-4, "Adam learning rate of the critic").range(Range.atLeast(0)))
            .param(Param.integer("vf_epochs", 5L, "critic passes per batch").range(Range.atLeast(1)))
            .param(Param.integer("vf_batch_size", 128L, "critic minibatch size").range(Range.atLeast(1)))
            .param(Param.number("max_grad_norm", 0.5, "global gradient-norm clip").range(Range.greaterThan(0)))
            .param(OnPolicy.CRITIC_HIDDEN)
            .build();

    /** From validated settings. */
    public Mdpo(Hyperparams hp) {
        super(hp);
    }

    @Override
    public Run learner(EnvFactory env, PolicyFactory policy, long seed, long totalSteps) {
        return new Run(hp, env, policy, seed, totalSteps);
    }


    /** A running MDPO. */
    public static final class Run extends OnPolicy {
        private final int m;
        private final double tk;
        private final boolean anneal;
        private final int vfEpochs;
        private final int vfBatch;

        Run(Hyperparams hp, EnvFactory env, PolicyFactory policy, long seed, long totalSteps) {
            super(hp, env, policy, seed, totalSteps);
            this.m = Math.toIntExact(hp.integer("sgd_steps"));
            this.tk = hp.number("tk");
            this.anneal = hp.flag("anneal");
            this.vfEpochs = Math.toIntExact(hp.integer("vf_epochs"));
            this.vfBatch = Math.toIntExact(hp.integer("vf_batch_size"));
            double clip = hp.number("max_grad_norm");
            optimizer(Transforms.chain(Transforms.clipByGlobalNorm(clip), Optimizers.adam().lr(hp.schedule("lr"))),
                    policy().parameters());
            optimizer(Transforms.chain(Transforms.clipByGlobalNorm(clip), Optimizers.adam().lr(hp.schedule("vf_lr"))),
                    critic().namedParameters());
        }

        /** t_k of the current iteration. */
        public double stepSize() {
            double k = iteration.get();
            double big = plannedIterations();
            return anneal ? tk * Math.max(1.0 - k / big, 1.0 / big) : tk;
        }

        @Override
        void update(Batch b) {
            double t = stepSize();
            double[] adv = b.advantages.clone();
            Gae.normalize(adv);
            Var a = Var.constant(Tensor.vector(adv));
            Tensor oldLogp = Tensor.vector(b.logProbs);
            TensorMap params = policy.parameters();
            double surrogate = Double.NaN;
            double kl = Double.NaN;
            for (int i = 0; i < m; i++) {
                Var head = policy.head(null, Var.constant(b.observations));
                Var ratio = policy.logProb(head, b.actions).sub(Var.constant(oldLogp)).exp();
                Var gain = ratio.mul(a).mean();
                Var klMean = policy.kl(head, b.oldHeads).mean();
                Var loss = gain.neg().add(klMean.mul(1.0 / t));
                TensorMap grads = gradients(loss, params, policy.module().parameterNodes());
                step(0, params, grads, loss.item());
                surrogate = gain.item();
                kl = klMean.item();
            }
            TensorMap vParams = critic.namedParameters();
            int n = b.size();
            double vSum = 0;
            int updates = 0;
            for (int epoch = 0; epoch < vfEpochs; epoch++) {
                int[] perm = minibatches.permutation(n);
                for (int start = 0; start < n; start += vfBatch) {
                    int[] idx = java.util.Arrays.copyOfRange(perm, start, Math.min(n, start + vfBatch));
                    Var vLoss = valueLoss(rows(b.observations, idx), pick(b.returns, idx));
                    step(1, vParams, gradients(vLoss, vParams, critic.parameterNodes()), vLoss.item());
                    vSum += vLoss.item();
                    updates++;
                }
            }
            metric("surrogate", surrogate);
            metric("kl", kl);
            metric("tk", t);
            metric("value_loss", vSum / updates);
        }
    }
}
