package dev.gradus.rl.method;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Module;
import dev.gradus.optim.Counter;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import dev.gradus.rl.Learner;
import dev.gradus.rl.env.EnvFactory;
import dev.gradus.rl.env.VectorEnv;
import dev.gradus.rl.policy.Policy;
import dev.gradus.rl.policy.PolicyFactory;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The machinery that PPO and MDPO share: a batch of environments, an actor (the policy) and a critic V_φ (a separate
 * MLP, as Stable-Baselines3's default), rollouts of {@code steps} steps per environment with the log-probabilities and
 * values of the collecting policy, GAE advantages, and the state tree of a run. A subclass updates from the batch.
 */
abstract class OnPolicy extends Learner {
    /** One rollout, time-major {@code [T × n]} (observations {@code [T·n, d]}, actions {@code [T·n, k]}). */
    static final class Batch {
        final Tensor observations;
        final Tensor actions;
        final double[] logProbs;
        final double[] advantages;
        final double[] returns;
        final double[] values;
        final Tensor oldHeads;

        Batch(Tensor observations, Tensor actions, double[] logProbs, double[] advantages, double[] returns,
                double[] values, Tensor oldHeads) {
            this.observations = observations;
            this.actions = actions;
            this.logProbs = logProbs;
            this.advantages = advantages;
            this.returns = returns;
            this.values = values;
            this.oldHeads = oldHeads;
        }

        int size() {
            return logProbs.length;
        }
    }

    /**
     * The state of an on-policy run.
     *
     * @param iteration updates done
     * @param envSteps environment steps taken
     * @param policy the actor's parameters
     * @param critic the critic's parameters
     * @param optimizers the optimizers' states
     * @param envs the environments
     * @param actions the stream actions are drawn from
     * @param minibatches the stream of minibatch orders
     */
    public record State(Counter iteration, Counter envSteps, TensorMap policy, TensorMap critic, List<OptState> optimizers,
            VectorEnv.State envs, RandomStream actions, RandomStream minibatches) implements OptState {}

    final VectorEnv envs;
    final Policy policy;
    final Module critic;
    final int steps;
    final double gamma;
    final double lambda;
    final long totalSteps;
    final RandomStream actions;
    final RandomStream minibatches;
    final Counter iteration = new Counter();
    final Counter envSteps = new Counter();
    final List<GradientTransformation> optimizers = new ArrayList<>();
    final List<OptState> optStates = new ArrayList<>();

    /** {@code n_envs}: environments stepped together. */
    static final Param N_ENVS = Param.integer("n_envs", 1L, "environments stepped together").range(Range.atLeast(1));
    /** {@code n_steps}: steps per environment per iteration. */
    static final Param N_STEPS = Param.integer("n_steps", 2048L, "steps per environment per iteration")
            .range(Range.atLeast(1));
    /** {@code gamma}: the discount. */
    static final Param GAMMA = Param.number("gamma", 0.99, "discount").range(Range.closed(0, 1));
    /** {@code gae_lambda}: GAE's λ. */
    static final Param GAE_LAMBDA = Param.number("gae_lambda", 0.95, "GAE lambda").range(Range.closed(0, 1));
    /** {@code critic_hidden}: the critic's hidden widths. */
    static final Param CRITIC_HIDDEN = Param.tuple("critic_hidden", ParamType.INTS, List.of(64L, 64L),
            "critic hidden widths").range(Range.closed(1, 1 << 16));

    /** A run with the settings {@link #N_ENVS}, {@link #N_STEPS}, {@link #GAMMA}, {@link #GAE_LAMBDA}, {@link #CRITIC_HIDDEN} of {@code hp}. */
    OnPolicy(Hyperparams hp, EnvFactory env, PolicyFactory policyFactory, long seed, long totalSteps) {
        this.envs = new VectorEnv(env, Math.toIntExact(hp.integer("n_envs")));
        this.steps = Math.toIntExact(hp.integer("n_steps"));
        this.gamma = hp.number("gamma");
        this.lambda = hp.number("gae_lambda");
        int[] criticHidden = PolicyFactory.ints(hp, "critic_hidden");
        this.totalSteps = totalSteps;
        RandomStream root = RandomStream.of(seed);
        PolicyFactory pf = policyFactory != null ? policyFactory : PolicyFactory.defaultFor(envs.actionSpace());
        this.policy = pf.build(envs.observationSize(), envs.actionSpace(), root.fork("policy"));
        this.critic = PolicyFactory.network(envs.observationSize(), criticHidden, 1, "tanh", true, false,
                root.fork("critic"));
        this.actions = root.fork("actions");
        this.minibatches = root.fork("minibatches");
        envs.reset(seed);
    }

    /** Adds an optimizer over {@code params}. */
    final void optimizer(GradientTransformation opt, TensorMap params) {
        optimizers.add(opt);
        optStates.add(opt.init(params));
    }

    /** The number of whole iterations the budget allows (at least 1). */
    final long plannedIterations() {
        return Math.max(1, totalSteps / ((long) steps * envs.size()));
    }

    @Override
    public final Policy policy() {
        return policy;
    }

    /** The critic V_φ. */
    public final Module critic() {
        return critic;
    }

    @Override
    public final long envSteps() {
        return envSteps.get();
    }

    @Override
    public final long iterations() {
        return iteration.get();
    }

    /** V_φ of each row of {@code obs}, without a graph. */
    final double[] values(Tensor obs) {
        try (GradMode.Scope ignored = Autodiff.noGrad()) {
            return critic.forward(Var.constant(obs)).value().data().clone();
        }
    }

    /** Collects {@code steps} steps of every environment with the current policy and computes the advantages. */
    final Batch collect() {
        int n = envs.size();
        int d = envs.observationSize();
        int k = policy.actionDim();
        int rows = steps * n;
        double[] obs = new double[rows * d];
        double[] act = new double[rows * k];
        double[] rew = new double[rows];
        boolean[] done = new boolean[rows];
        double[] val = new double[rows];
        double[] a = new double[n * k];
        int[] discrete = new int[n];
        boolean isDiscrete = envs.actionSpace().isDiscrete();
        for (int t = 0; t < steps; t++) {
            double[] o = envs.observations();
            System.arraycopy(o, 0, obs, t * n * d, n * d);
            Tensor ot = Tensor.of(o.clone(), n, d);
            double[] v = values(ot);
            System.arraycopy(v, 0, val, t * n, n);
            policy.act(null, o, n, actions, false, a);
            System.arraycopy(a, 0, act, t * n * k, n * k);
            if (isDiscrete) {
                for (int i = 0; i < n; i++) {
                    discrete[i] = (int) a[i];
                }
                envs.step(discrete);
            } else {
                envs.step(a);
            }
            for (int i = 0; i < n; i++) {
                int row = t * n + i;
                double r = envs.rewards()[i];
                if (envs.truncated()[i]) {
                    r += gamma * values(Tensor.of(envs.finalObservation(i), 1, d))[0];
                }
                rew[row] = r;
                done[row] = envs.terminated()[i] || envs.truncated()[i];
            }
            for (VectorEnv.Episode e : envs.drainEpisodes()) {
                episode(e);
            }
        }
        envSteps.set(envSteps.get() + rows);
        double[] last = values(Tensor.of(envs.observations().clone(), n, d));
        double[] adv = new double[rows];
        double[] ret = new double[rows];
        Gae.compute(rew, done, val, last, steps, n, gamma, lambda, adv, ret);
        Tensor obsT = Tensor.of(obs, rows, d);
        Tensor actT = Tensor.of(act, rows, k);
        Tensor heads = policy.headValues(null, obsT);
        double[] logp;
        try (GradMode.Scope ignored = Autodiff.noGrad()) {
            logp = policy.logProb(Var.constant(heads), actT).value().data().clone();
        }
        return new Batch(obsT, actT, logp, adv, ret, val, heads);
    }

    /** The rows {@code idx} of a tensor. */
    static Tensor rows(Tensor t, int[] idx) {
        return t.indexSelect(idx);
    }

    /** The entries {@code idx} of an array, as a vector. */
    static Tensor pick(double[] a, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = a[idx[i]];
        }
        return Tensor.vector(out);
    }

    /** The gradients of {@code loss} with respect to {@code params} (leaves of modules), by name. */
    static TensorMap gradients(Var loss, TensorMap names, List<Var> leaves) {
        List<Tensor> g = Autodiff.grad(loss, leaves, null, true);
        TensorMap out = new TensorMap();
        int i = 0;
        for (String name : names.names()) {
            out.put(name, g.get(i++));
        }
        return out;
    }

    /** One optimizer step of optimizer {@code which} over {@code params} with {@code grads}. */
    final void step(int which, TensorMap params, TensorMap grads, double loss) {
        optimizers.get(which).step(params, grads, optStates.get(which), StepContext.builder().loss(loss).build());
    }

    /** The critic's mean squared error on a minibatch. */
    final Var valueLoss(Tensor obs, Tensor targets) {
        Var v = critic.forward(Var.constant(obs)).reshape(targets.size());
        return v.sub(Var.constant(targets)).square().mean();
    }

    /** Actor and critic parameters under one map ({@code policy.} and {@code critic.} prefixes), live. */
    final TensorMap joint() {
        TensorMap m = new TensorMap();
        policy.parameters().forEach((n, t) -> m.put("policy." + n, t));
        critic.namedParameters().forEach((n, t) -> m.put("critic." + n, t));
        return m;
    }

    /** The leaves of {@link #joint()}, in its order. */
    final List<Var> jointLeaves() {
        List<Var> l = new ArrayList<>(policy.module().parameterNodes());
        l.addAll(critic.parameterNodes());
        return l;
    }

    @Override
    protected final OptState live() {
        return new State(iteration, envSteps, policy.parameters(), critic.namedParameters(), optStates, envs.state(),
                actions, minibatches);
    }

    @Override
    protected final void applyEnvironments(OptState live) {
        envs.restore(((State) live).envs());
    }

    @Override
    public final void iterate() {
        Batch b = collect();
        update(b);
        iteration.increment();
    }

    /** Updates the actor and critic from one batch. */
    abstract void update(Batch b);
}
