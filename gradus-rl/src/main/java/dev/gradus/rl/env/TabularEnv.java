package dev.gradus.rl.env;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * A {@link TabularMdp} played as an environment: the observation is the one-hot code of the state, the start state
 * is drawn from μ, the next state from P(·|s, a), and the reward is R(s, a) plus optional zero-mean noise per state
 * ({@link RewardNoise}). Entering an absorbing terminal state ends the episode ({@code terminated}); otherwise it is
 * truncated at {@code maxSteps}. {@link #stateIndex()} gives the state number.
 */
public final class TabularEnv extends EpisodicEnvironment {
    private final TabularMdp mdp;
    private final RewardNoise[] noise;
    private final double[] noiseScale;
    private int state;

    /** A noise-free environment. */
    public TabularEnv(String name, TabularMdp mdp, int maxSteps) {
        this(name, mdp, maxSteps, null, null);
    }

    /** With per-state reward noise ({@code noise[s]} of scale {@code scale[s]}); null arrays mean none. */
    public TabularEnv(String name, TabularMdp mdp, int maxSteps, RewardNoise[] noise, double[] scale) {
        super(name, maxSteps);
        this.mdp = mdp;
        this.noise = noise == null ? filled(mdp.states()) : noise.clone();
        this.noiseScale = scale == null ? new double[mdp.states()] : scale.clone();
        if (this.noise.length != mdp.states() || this.noiseScale.length != mdp.states()) {
            throw new IllegalArgumentException(name() + ": reward noise needs one entry per state (" + mdp.states() + ")");
        }
    }

    private static RewardNoise[] filled(int n) {
        RewardNoise[] out = new RewardNoise[n];
        Arrays.fill(out, RewardNoise.NONE);
        return out;
    }

    /** The MDP being played. */
    public TabularMdp mdp() {
        return mdp;
    }

    /** The current state's number. */
    public int stateIndex() {
        return state;
    }

    @Override
    public int observationSize() {
        return mdp.states();
    }

    @Override
    public ActionSpace actionSpace() {
        return ActionSpace.discrete(mdp.actions());
    }

    @Override
    protected double[] start(RandomStream random) {
        state = draw(mdp.start(), random);
        return oneHot(state);
    }

    /** Starts an episode in state {@code s}; returns its observation. */
    public double[] resetTo(int s) {
        if (s < 0 || s >= mdp.states()) {
            throw new IllegalArgumentException(name() + ": state " + s + " is not in 0.." + (mdp.states() - 1));
        }
        state = s;
        begin(mdp.terminal(s));
        return oneHot(state);
    }

    private static int draw(double[] dist, RandomStream rng) {
        double u = rng.uniform();
        double c = 0;
        for (int i = 0; i < dist.length; i++) {
            c += dist[i];
            if (u < c) {
                return i;
            }
        }
        for (int i = dist.length - 1; i >= 0; i--) { // u landed in the rounding gap at the top
            if (dist[i] > 0) {
                return i;
            }
        }
        return dist.length - 1;
    }

    private double[] oneHot(int s) {
        double[] o = new double[mdp.states()];
        o[s] = 1;
        return o;
    }

    @Override
    public Step step(int action) {
        actionSpace().check(name(), action);
        beginStep();
        double reward = mdp.reward(state, action) + noise[state].sample(noiseScale[state], random());
        double[] row = new double[mdp.states()];
        for (int t = 0; t < row.length; t++) {
            row[t] = mdp.transition(state, action, t);
        }
        int from = state;
        state = draw(row, random());
        return endStep(oneHot(state), reward, mdp.terminal(state), Map.of("state", state, "from", from));
    }

    @Override
    public Step step(double[] action) {
        throw new IllegalArgumentException(name() + ": takes a discrete action in 0.." + (mdp.actions() - 1)
                + ", not a box");
    }

    @Override
    public EnvState state() {
        double[] c = clock();
        return new EnvState(Tensor.vector(state, c[0], c[1], c[2]), random().copy());
    }

    @Override
    public void restore(EnvState saved) {
        double[] v = saved.values().data();
        if (v.length != 4) {
            throw new IllegalArgumentException(name() + ": a saved state has 4 values, got " + v.length);
        }
        state = (int) v[0];
        restoreClock(v, 1, saved.random());
    }

    /** Spec {@code chain(n=10, slip=0.1, small=0.01, big=1.0, gamma=0.9, max_steps=100)}. */
    public static final class Chain extends Configured<Chain> implements EnvFactory {
        /** The descriptor. */
        public static final Descriptor<Chain> SPEC = Descriptor.component("chain", "env", Chain::new)
                .summary("an n-state chain: a small reward nearby, a big one at the far end")
                .reference("TabularMdp.chain")
                .param(Param.integer("n", 10L, "states").range(Range.atLeast(2)))
                .param(Param.number("slip", 0.1, "probability a move fails").range(Range.closed(0, 1)))
                .param(Param.number("small", 0.01, "reward for moving left in state 0"))
                .param(Param.number("big", 1.0, "reward for moving right in the last state"))
                .param(Param.number("gamma", 0.9, "the discount of the exact quantities").range(Range.closedOpen(0, 1)))
                .param(Param.integer("max_steps", 100L, "time limit").range(Range.atLeast(1)))
                .build();

        /** From validated settings. */
        public Chain(Hyperparams hp) {
            super(hp);
        }

        @Override
        public TabularEnv create() {
            return new TabularEnv("chain", TabularMdp.chain(Math.toIntExact(hp.integer("n")), hp.number("slip"),
                    hp.number("small"), hp.number("big"), hp.number("gamma")), Math.toIntExact(hp.integer("max_steps")));
        }
    }

    /** Spec {@code gridworld(rows=5, cols=5, slip=0.1, step_reward=0.0, gamma=0.9, max_steps=100)}. */
    public static final class Gridworld extends Configured<Gridworld> implements EnvFactory {
        /** The descriptor. */
        public static final Descriptor<Gridworld> SPEC = Descriptor.component("gridworld", "env", Gridworld::new)
                .summary("a slippery gridworld with the goal in the far corner")
                .reference("TabularMdp.gridworld")
                .param(Param.integer("rows", 5L, "rows").range(Range.atLeast(1)))
                .param(Param.integer("cols", 5L, "columns").range(Range.atLeast(1)))
                .param(Param.number("slip", 0.1, "probability of a random direction").range(Range.closed(0, 1)))
                .param(Param.number("step_reward", 0.0, "reward of every step that misses the goal"))
                .param(Param.number("gamma", 0.9, "the discount of the exact quantities").range(Range.closedOpen(0, 1)))
                .param(Param.integer("max_steps", 100L, "time limit").range(Range.atLeast(1)))
                .build();

        /** From validated settings. */
        public Gridworld(Hyperparams hp) {
            super(hp);
        }

        @Override
        public TabularEnv create() {
            return new TabularEnv("gridworld", TabularMdp.gridworld(Math.toIntExact(hp.integer("rows")),
                    Math.toIntExact(hp.integer("cols")), hp.number("slip"), hp.number("step_reward"),
                    hp.number("gamma")), Math.toIntExact(hp.integer("max_steps")));
        }
    }

    /** Spec {@code random_mdp(states=20, actions=4, branching=5, gamma=0.9, seed=0, max_steps=100)}. */
    public static final class Random extends Configured<Random> implements EnvFactory {
        /** The descriptor. */
        public static final Descriptor<Random> SPEC = Descriptor.component("random_mdp", "env", Random::new)
                .summary("a random MDP (Dirichlet transitions over a few next states, uniform rewards)")
                .reference("TabularMdp.random; 06-rl.md section 2")
                .param(Param.integer("states", 20L, "states").range(Range.atLeast(1)))
                .param(Param.integer("actions", 4L, "actions").range(Range.atLeast(1)))
                .param(Param.integer("branching", 5L, "next states per (s, a)").range(Range.atLeast(1)))
                .param(Param.number("gamma", 0.9, "the discount of the exact quantities").range(Range.closedOpen(0, 1)))
                .param(Param.integer("seed", 0L, "the seed of the tables"))
                .param(Param.integer("max_steps", 100L, "time limit").range(Range.atLeast(1)))
                .build();

        /** From validated settings. */
        public Random(Hyperparams hp) {
            super(hp);
        }

        @Override
        public TabularEnv create() {
            return new TabularEnv("random_mdp", TabularMdp.random(Math.toIntExact(hp.integer("states")),
                    Math.toIntExact(hp.integer("actions")), Math.toIntExact(hp.integer("branching")), hp.number("gamma"),
                    RandomStream.of(hp.integer("seed"))), Math.toIntExact(hp.integer("max_steps")));
        }
    }

    @Override
    public String toString() {
        return name() + "(state " + state + ")";
    }
}
