package dev.gradus.rl.env;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.Map;

/**
 * The maze gridworld whose levels come from a {@link LevelGenerator} (or are given one by one, as level replay does
 * with {@link #setLevel}). Fully observed: the observation is three planes of the grid, flattened (walls, the agent,
 * the goal), so one network plays every level of a size. Actions 0 up, 1 right, 2 down, 3 left; walls block. Reaching
 * the goal pays {@code 1 − 0.9·t/T} (MiniGrid's reward, t the steps taken, T the time limit) and terminates;
 * otherwise the reward is 0 and the episode is truncated at T.
 *
 * <p>Which level an episode plays: the one set by {@link #setLevel} if any, else a fresh one drawn from the
 * generator with the environment's stream at {@link #reset()}.
 */
public final class MazeEnv extends EpisodicEnvironment {
    private final LevelGenerator generator;
    private MazeLevel level;
    private MazeLevel fixed;
    private int agent;

    /** Levels from {@code generator}, time limit {@code maxSteps}. */
    public MazeEnv(LevelGenerator generator, int maxSteps) {
        super("maze", maxSteps);
        this.generator = generator;
    }

    /** The generator. */
    public LevelGenerator generator() {
        return generator;
    }

    /** Plays {@code l} from the next reset on (null: draw levels from the generator again). */
    public void setLevel(MazeLevel l) {
        if (l != null && (l.rows() != generator.rows() || l.cols() != generator.cols())) {
            throw new IllegalArgumentException("maze: a " + l.rows() + "x" + l.cols() + " level does not fit this "
                    + generator.rows() + "x" + generator.cols() + " maze");
        }
        fixed = l;
    }

    /** The level of the current episode. */
    public MazeLevel level() {
        return level;
    }

    /** The agent's cell. */
    public int agent() {
        return agent;
    }

    @Override
    public int observationSize() {
        return 3 * generator.rows() * generator.cols();
    }

    @Override
    public ActionSpace actionSpace() {
        return ActionSpace.discrete(4);
    }

    @Override
    protected double[] start(RandomStream random) {
        level = fixed != null ? fixed : generator.sample(random);
        agent = level.start();
        return observation();
    }

    /** The observation of the current position (a fresh array). */
    public double[] observation() {
        int n = level.cells();
        double[] o = new double[3 * n];
        boolean[] walls = level.walls();
        for (int i = 0; i < n; i++) {
            o[i] = walls[i] ? 1 : 0;
        }
        o[n + agent] = 1;
        o[2 * n + level.goal()] = 1;
        return o;
    }

    @Override
    public Step step(int action) {
        actionSpace().check("maze", action);
        beginStep();
        agent = level.move(agent, action);
        boolean terminated = agent == level.goal();
        double reward = terminated ? 1 - 0.9 * (elapsed() + 1) / (double) maxEpisodeSteps() : 0.0;
        return endStep(observation(), reward, terminated, Map.of());
    }

    @Override
    public Step step(double[] action) {
        throw new IllegalArgumentException("maze: takes a discrete action in 0..3, not a box");
    }

    @Override
    public EnvState state() {
        int n = generator.rows() * generator.cols();
        double[] v = new double[7 + 2 * n];
        v[0] = agent;
        System.arraycopy(clock(), 0, v, 1, 3);
        v[4] = level == null ? -1 : level.start();
        v[5] = level == null ? -1 : level.goal();
        v[6] = fixed == null ? -1 : fixed.start() * (double) n + fixed.goal();
        encode(level, v, 7, n);
        encode(fixed, v, 7 + n, n);
        return new EnvState(Tensor.vector(v), random().copy());
    }

    private static void encode(MazeLevel l, double[] v, int at, int n) {
        if (l == null) {
            return;
        }
        boolean[] w = l.walls();
        for (int i = 0; i < n; i++) {
            v[at + i] = w[i] ? 1 : 0;
        }
    }

    @Override
    public void restore(EnvState saved) {
        int n = generator.rows() * generator.cols();
        double[] v = saved.values().data();
        if (v.length != 7 + 2 * n) {
            throw new IllegalArgumentException("maze: a saved state has " + (7 + 2 * n) + " values, got " + v.length);
        }
        agent = (int) v[0];
        level = v[4] < 0 ? null : decode(v, 7, n, (int) v[4], (int) v[5]);
        fixed = v[6] < 0 ? null : decode(v, 7 + n, n, (int) (v[6] / n), (int) (v[6] % n));
        restoreClock(v, 1, saved.random());
    }

    private MazeLevel decode(double[] v, int at, int n, int start, int goal) {
        boolean[] w = new boolean[n];
        for (int i = 0; i < n; i++) {
            w[i] = v[at + i] != 0;
        }
        return new MazeLevel(generator.rows(), generator.cols(), w, start, goal);
    }

    /** Spec {@code maze(rows=7, cols=7, wall_density=0.25, max_steps=50)}. */
    public static final class Factory extends Configured<Factory> implements EnvFactory {
        /** The descriptor. */
        public static final Descriptor<Factory> SPEC = Descriptor.component("maze", "env", Factory::new)
                .summary("a fully observed maze gridworld whose levels come from a parameterised generator (DRED)")
                .reference("Garcin et al., ICML 2024 (DRED); 06-rl.md section 5")
                .param(Param.integer("rows", 7L, "rows").range(Range.atLeast(1)))
                .param(Param.integer("cols", 7L, "columns").range(Range.atLeast(1)))
                .param(Param.number("wall_density", 0.25, "probability that a cell is a wall").range(Range.closedOpen(0, 1)))
                .param(Param.integer("max_steps", 50L, "time limit").range(Range.atLeast(1)))
                .build();

        /** From validated settings. */
        public Factory(Hyperparams hp) {
            super(hp);
        }

        @Override
        public MazeEnv create() {
            return new MazeEnv(new LevelGenerator(Math.toIntExact(hp.integer("rows")), Math.toIntExact(hp.integer("cols")),
                    hp.number("wall_density")), Math.toIntExact(hp.integer("max_steps")));
        }
    }
}
