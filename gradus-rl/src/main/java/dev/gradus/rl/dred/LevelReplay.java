package dev.gradus.rl.dred;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Linear;
import dev.gradus.nn.Module;
import dev.gradus.nn.Sequential;
import dev.gradus.nn.Tanh;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Transforms;
import dev.gradus.rl.env.LevelGenerator;
import dev.gradus.rl.env.MazeEnv;
import dev.gradus.rl.env.MazeLevel;
import dev.gradus.rl.env.Step;
import dev.gradus.rl.method.Gae;
import dev.gradus.rl.policy.Policy;
import dev.gradus.rl.policy.SoftmaxPolicy;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.List;

/**
 * PPO on the maze gridworld with a curriculum of levels from a {@link LevelSampler} (uniform, PLR or DRED-lite): the
 * small design of 06-rl.md §5. The actor and critic share a 2-layer tanh encoder (the shared representation DRED's
 * mutual-information argument is about), with a softmax head and a value head. Whole episodes are collected until a
 * batch has {@code stepsPerUpdate} steps; each episode's level comes from the sampler, which is told the episode's
 * score, the mean positive GAE advantage (PLR's positive value loss). Then {@code epochs} passes of clipped-PPO
 * minibatch updates. {@link #transfer} measures zero-shot success on held-out levels.
 */
public final class LevelReplay {

    /**
     * Settings.
     *
     * @param stepsPerUpdate environment steps per batch (whole episodes)
     * @param epochs PPO passes per batch
     * @param batch minibatch size
     * @param lr Adam learning rate
     * @param gamma discount
     * @param lambda GAE λ
     * @param clip PPO's ε
     * @param entCoef entropy bonus
     * @param vfCoef value loss weight
     * @param hidden the shared encoder's widths
     */
    public record Config(int stepsPerUpdate, int epochs, int batch, double lr, double gamma, double lambda, double clip,
            double entCoef, double vfCoef, int[] hidden) {
        /** A small default: 256 steps per batch, 4 epochs of 64, Adam 1e-3, entropy 0.01, 2x64 encoder. */
        public static Config defaults() {
            return new Config(256, 4, 64, 1e-3, 0.99, 0.95, 0.2, 0.01, 0.5, new int[] {64, 64});
        }
    }

    /** The shared encoder with its two heads; {@code forward} gives the policy's logits. */
    static final class ActorCritic extends Module {
        private final Module trunk;
        private final Linear pi;
        private final Linear v;

        ActorCritic(int in, int[] hidden, int actions, RandomStream rng) {
            List<Module> layers = new ArrayList<>();
            int w = in;
            for (int h : hidden) {
                layers.add(new Linear(w, h, rng));
                layers.add(new Tanh());
                w = h;
            }
            this.trunk = addModule("trunk", new Sequential(layers));
            this.pi = addModule("pi", new Linear(w, actions, rng));
            this.v = addModule("v", new Linear(w, 1, rng));
        }

        @Override
        public Var forward(Var input) {
            return pi.forward(trunk.forward(input));
        }

        Var value(Var input) {
            return v.forward(trunk.forward(input)).reshape(input.dim(0));
        }
    }

    private final MazeEnv env;
    private final LevelSampler sampler;
    private final Config config;
    private final ActorCritic net;
    private final SoftmaxPolicy policy;
    private final GradientTransformation opt;
    private final OptState optState;
    private final RandomStream actions;
    private final RandomStream levels;
    private final RandomStream minibatches;
    private long envSteps;
    private long episodes;

    /** Training on {@code size}-shaped mazes with time limit {@code maxSteps}, levels from {@code sampler}. */
    public LevelReplay(LevelGenerator size, int maxSteps, LevelSampler sampler, Config config, long seed) {
        this.env = new MazeEnv(size, maxSteps);
        this.sampler = sampler;
        this.config = config;
        RandomStream root = RandomStream.of(seed);
        this.net = new ActorCritic(env.observationSize(), config.hidden(), 4, root.fork("net"));
        this.policy = new SoftmaxPolicy(net, env.observationSize(), 4);
        this.opt = Transforms.chain(Transforms.clipByGlobalNorm(0.5), Optimizers.adam().lr(config.lr()).eps(1e-5));
        this.optState = opt.init(net.namedParameters());
        this.actions = root.fork("actions");
        this.levels = root.fork("levels");
        this.minibatches = root.fork("minibatches");
        env.reset(seed);
    }

    /** The policy (shared encoder and softmax head). */
    public Policy policy() {
        return policy;
    }

    /** Environment steps taken. */
    public long envSteps() {
        return envSteps;
    }

    /** Episodes played. */
    public long episodes() {
        return episodes;
    }

    private double[] values(Tensor obs) {
        try (GradMode.Scope ignored = Autodiff.noGrad()) {
            return net.value(Var.constant(obs)).value().data().clone();
        }
    }

    /** Trains until at least {@code steps} environment steps in total. */
    public void train(long steps) {
        int d = env.observationSize();
        while (envSteps < steps) {
            List<double[]> obs = new ArrayList<>();
            List<Double> act = new ArrayList<>();
            List<Double> adv = new ArrayList<>();
            List<Double> ret = new ArrayList<>();
            while (obs.size() < config.stepsPerUpdate()) {
                MazeLevel level = sampler.next(levels);
                env.setLevel(level);
                double[] o = env.reset();
                List<double[]> eo = new ArrayList<>();
                List<Double> ea = new ArrayList<>();
                List<Double> er = new ArrayList<>();
                double[] a = new double[1];
                Step s;
                do {
                    eo.add(o);
                    policy.act(null, o, 1, actions, false, a);
                    ea.add(a[0]);
                    s = env.step((int) a[0]);
                    er.add(s.reward());
                    o = s.observation();
                } while (!s.done());
                int t = eo.size();
                double[] flat = new double[t * d];
                for (int i = 0; i < t; i++) {
                    System.arraycopy(eo.get(i), 0, flat, i * d, d);
                }
                double[] v = values(Tensor.of(flat, t, d));
                double last = s.terminated() ? 0 : values(Tensor.of(o.clone(), 1, d))[0];
                double[] rw = new double[t];
                boolean[] done = new boolean[t];
                for (int i = 0; i < t; i++) {
                    rw[i] = er.get(i);
                }
                done[t - 1] = s.terminated();
                double[] ea2 = new double[t];
                double[] er2 = new double[t];
                Gae.compute(rw, done, v, new double[] {last}, t, 1, config.gamma(), config.lambda(), ea2, er2);
                double score = 0;
                for (int i = 0; i < t; i++) {
                    score += Math.max(ea2[i], 0);
                    obs.add(eo.get(i));
                    act.add(ea.get(i));
                    adv.add(ea2[i]);
                    ret.add(er2[i]);
                }
                sampler.update(score / t);
                envSteps += t;
                episodes++;
            }
            update(obs, act, adv, ret);
        }
    }

    private void update(List<double[]> obs, List<Double> act, List<Double> adv, List<Double> ret) {
        int n = obs.size();
        int d = env.observationSize();
        double[] flat = new double[n * d];
        double[] a = new double[n];
        double[] advantages = new double[n];
        double[] returns = new double[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(obs.get(i), 0, flat, i * d, d);
            a[i] = act.get(i);
            advantages[i] = adv.get(i);
            returns[i] = ret.get(i);
        }
        Tensor o = Tensor.of(flat, n, d);
        Tensor at = Tensor.of(a, n, 1);
        Tensor oldLogp;
        try (GradMode.Scope ignored = Autodiff.noGrad()) {
            oldLogp = policy.logProb(net.forward(Var.constant(o)), at).value();
        }
        TensorMap params = net.namedParameters();
        double clip = config.clip();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            int[] perm = minibatches.permutation(n);
            for (int start = 0; start < n; start += config.batch()) {
                int[] idx = java.util.Arrays.copyOfRange(perm, start, Math.min(n, start + config.batch()));
                double[] mb = new double[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    mb[i] = advantages[idx[i]];
                }
                if (idx.length > 1) {
                    Gae.normalize(mb);
                }
                Var x = Var.constant(o.indexSelect(idx));
                Var head = net.forward(x);
                Var ratio = policy.logProb(head, at.indexSelect(idx)).sub(Var.constant(oldLogp.indexSelect(idx))).exp();
                Var advV = Var.constant(Tensor.vector(mb));
                Var pg = ratio.mul(advV).minimum(ratio.clamp(1 - clip, 1 + clip).mul(advV)).mean().neg();
                Var vLoss = net.value(x).sub(Var.constant(Tensor.vector(returns).indexSelect(idx))).square().mean();
                Var loss = pg.add(vLoss.mul(config.vfCoef())).sub(policy.entropy(head).mean().mul(config.entCoef()));
                opt.step(params, net.gradients(loss), optState);
            }
        }
    }

    /**
     * Zero-shot transfer.
     *
     * @param successRate the fraction of levels whose goal was reached within the time limit
     * @param meanReturn the mean return
     */
    public record Transfer(double successRate, double meanReturn) {}

    /** Plays each of {@code levels} once with {@code policy} (greedy or sampled from a stream of {@code seed}). */
    public static Transfer transfer(Policy policy, MazeLevel[] levels, int maxSteps, boolean greedy, long seed) {
        if (levels.length == 0) {
            throw new IllegalArgumentException("transfer: no levels");
        }
        MazeEnv env = new MazeEnv(new LevelGenerator(levels[0].rows(), levels[0].cols(), 0.0), maxSteps);
        RandomStream rng = RandomStream.of(seed).fork("transfer");
        double[] a = new double[1];
        int solved = 0;
        double total = 0;
        for (MazeLevel l : levels) {
            env.setLevel(l);
            double[] o = env.reset(seed);
            Step s;
            do {
                policy.act(null, o, 1, rng, greedy, a);
                s = env.step((int) a[0]);
                total += s.reward();
                o = s.observation();
            } while (!s.done());
            if (s.terminated()) {
                solved++;
            }
        }
        return new Transfer((double) solved / levels.length, total / levels.length);
    }
}
