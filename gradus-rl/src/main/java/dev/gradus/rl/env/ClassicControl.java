package dev.gradus.rl.env;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * The common machinery of environments whose state is a short vector of reals (the classic-control tasks, LQR):
 * the random stream, the time limit, the refusal to step a finished episode, and saving. A subclass gives the
 * start-state distribution, the dynamics and the observation.
 */
public abstract class ClassicControl extends EpisodicEnvironment {
    /** The physical state, advanced in place by {@link #advance}. */
    protected final double[] s;
    private final ActionSpace actions;
    private final int observationSize;

    /** An environment called {@code name} with a state of {@code stateSize} reals. */
    protected ClassicControl(String name, int stateSize, int observationSize, ActionSpace actions, int maxSteps) {
        super(name, maxSteps);
        this.s = new double[stateSize];
        this.observationSize = observationSize;
        this.actions = actions;
    }

    /** Draws the start state into {@link #s}. */
    protected abstract void draw(RandomStream random);

    /**
     * Advances {@link #s} by one step under {@code action} (an index for discrete spaces, as {@code action[0]}) and
     * returns the reward; {@code random} serves environments with noise.
     */
    protected abstract double advance(double[] action, RandomStream random);

    /** True when the state {@link #s} is terminal. */
    protected abstract boolean terminal();

    /** Writes the observation of {@link #s} into {@code out}. */
    protected abstract void observe(double[] out);

    @Override
    public final int observationSize() {
        return observationSize;
    }

    @Override
    public final ActionSpace actionSpace() {
        return actions;
    }

    @Override
    protected final double[] start(RandomStream random) {
        draw(random);
        return observation();
    }

    /** The observation of the current state (a fresh array). */
    public final double[] observation() {
        double[] o = new double[observationSize];
        observe(o);
        return o;
    }

    /** The physical state (a copy), for tests and inspection. */
    public final double[] physicalState() {
        return s.clone();
    }

    /**
     * Puts the environment in physical state {@code state} at the start of an episode (Gym's {@code env.unwrapped.state
     * = ...}), for tests that follow a trajectory from a given state; returns the observation.
     */
    public final double[] setPhysicalState(double... state) {
        if (state.length != s.length) {
            throw new IllegalArgumentException(name() + ": a state has " + s.length + " numbers, got " + state.length);
        }
        System.arraycopy(state, 0, s, 0, s.length);
        begin(false);
        return observation();
    }

    @Override
    public final Step step(int action) {
        actions.check(name(), action);
        return stepWith(new double[] {action});
    }

    @Override
    public final Step step(double[] action) {
        actions.check(name(), action);
        return stepWith(action);
    }

    private Step stepWith(double[] action) {
        beginStep();
        double reward = advance(action, random());
        return endStep(observation(), reward, terminal(), Map.of());
    }

    @Override
    public final EnvState state() {
        double[] v = Arrays.copyOf(s, s.length + 3);
        System.arraycopy(clock(), 0, v, s.length, 3);
        return new EnvState(Tensor.vector(v), random().copy());
    }

    @Override
    public final void restore(EnvState state) {
        double[] v = state.values().data();
        if (v.length != s.length + 3) {
            throw new IllegalArgumentException(name() + ": a saved state has " + (s.length + 3) + " values, got "
                    + v.length);
        }
        System.arraycopy(v, 0, s, 0, s.length);
        restoreClock(v, s.length, state.random());
    }

    @Override
    public String toString() {
        return name() + Arrays.toString(s);
    }
}
