package dev.gradus.rl.env;

import dev.gradus.tensor.RandomStream;

/**
 * A reinforcement-learning environment with Gym's (0.26+) interface: {@link #reset(long)} starts an episode and
 * returns the first observation; {@link #step(int)} (discrete actions) or {@link #step(double[])} (a box) advances
 * it and returns a {@link Step}: observation, reward, terminated, truncated, info.
 *
 * <p><b>Randomness.</b> Every environment draws from its own {@link RandomStream}: {@code reset(seed)} replaces it
 * by {@code RandomStream.of(seed)} (Gym's {@code reset(seed=...)}); {@link #reset()} continues the current stream,
 * so successive episodes differ but a run is a pure function of its first seed. The streams are not NumPy's, so
 * Gym and Gradus draw different start states from the same seed; the dynamics from a given state are the same.
 *
 * <p><b>Time limit.</b> Each environment applies its own limit, Gym's registered {@code max_episode_steps} by
 * default ({@code CartPole-v1}: 500), and reports {@code truncated} at the limit unless the step terminated.
 *
 * <p><b>Saving.</b> {@link #state()} and {@link #restore(EnvState)} capture and set everything, including the
 * random stream, so a saved run resumes bit for bit. Observations are float64 (Gym returns float32 copies of its
 * float64 state).
 */
public interface Environment {

    /** The environment's name, as in its spec ({@code cartpole}). */
    String name();

    /** The number of numbers in an observation. */
    int observationSize();

    /** The actions it accepts. */
    ActionSpace actionSpace();

    /** The time limit: the most steps an episode lasts before it is truncated. */
    int maxEpisodeSteps();

    /** Starts an episode with a new random stream {@code RandomStream.of(seed)}; returns the first observation. */
    double[] reset(long seed);

    /** Starts an episode drawing from the current random stream; returns the first observation. */
    double[] reset();

    /** One step with discrete action {@code action}. */
    Step step(int action);

    /** One step with a real action (a box); discrete environments refuse it. */
    Step step(double[] action);

    /** The steps taken in the current episode. */
    int elapsed();

    /** Everything needed to continue exactly from here (a copy). */
    EnvState state();

    /** Continues from a saved state; refuses one of another environment or size. */
    void restore(EnvState state);
}
