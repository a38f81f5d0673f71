package dev.gradus.rl.env;

import dev.gradus.optim.OptState;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of {@code n} environments stepped together, like Gym's {@code SyncVectorEnv}: {@link #reset(long)} resets
 * environment i with seed {@code seed + i}; {@link #step(int[])} steps every environment and resets those whose
 * episode ended at once, so {@link #observations()} always holds observations to act on. For an environment that
 * finished, {@link #finalObservation} holds the last observation of the ended episode (Gym's
 * {@code info["final_observation"]}), which a learner needs to bootstrap a truncated episode.
 *
 * <p>Results are arrays, reused between steps: observations {@code [n × d]} row-major, rewards, terminated and
 * truncated flags. Finished episodes' returns and lengths are collected until {@link #drainEpisodes()}.
 * Deterministic: the same seed and actions give the same bits; {@link #state()} saves everything.
 */
public class VectorEnv {
    private final List<Environment> envs;
    private final int d;
    private final double[] obs;
    private final double[] finalObs;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private final double[] episodeReturn;
    private final List<Episode> finished = new ArrayList<>();

    /**
     * A finished episode's statistics.
     *
     * @param env which environment
     * @param ret the undiscounted return
     * @param length the number of steps
     * @param terminated true when it ended in a terminal state, false when truncated
     */
    public record Episode(int env, double ret, int length, boolean terminated) {}

    /** {@code n} environments made by {@code factory}. */
    public VectorEnv(EnvFactory factory, int n) {
        this(make(factory, n));
    }

    /** These environments, which must agree in observation size and action space. */
    public VectorEnv(List<Environment> envs) {
        if (envs.isEmpty()) {
            throw new IllegalArgumentException("vector env: needs at least one environment");
        }
        this.envs = List.copyOf(envs);
        Environment first = envs.get(0);
        for (Environment e : envs) {
            if (e.observationSize() != first.observationSize() || !e.actionSpace().equals(first.actionSpace())) {
                throw new IllegalArgumentException("vector env: " + e.name() + " does not match " + first.name()
                        + " in observation size or action space");
            }
        }
        int n = envs.size();
        this.d = first.observationSize();
        this.obs = new double[n * d];
        this.finalObs = new double[n * d];
        this.rewards = new double[n];
        this.terminated = new boolean[n];
        this.truncated = new boolean[n];
        this.episodeReturn = new double[n];
    }

    private static List<Environment> make(EnvFactory factory, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("vector env: needs at least one environment, got " + n);
        }
        List<Environment> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(factory.create());
        }
        return out;
    }

    /** The number of environments. */
    public int size() {
        return envs.size();
    }

    /** Environment {@code i}. */
    public Environment get(int i) {
        return envs.get(i);
    }

    /** The observation size. */
    public int observationSize() {
        return d;
    }

    /** The common action space. */
    public ActionSpace actionSpace() {
        return envs.get(0).actionSpace();
    }

    /** Resets environment i with seed {@code seed + i}; returns the observations. */
    public double[] reset(long seed) {
        for (int i = 0; i < envs.size(); i++) {
            System.arraycopy(envs.get(i).reset(seed + i), 0, obs, i * d, d);
            episodeReturn[i] = 0;
        }
        finished.clear();
        return obs;
    }

    /** Steps every environment with its discrete action. */
    public void step(int[] actions) {
        if (actions.length != envs.size()) {
            throw new IllegalArgumentException("vector env: " + actions.length + " actions for " + envs.size()
                    + " environments");
        }
        for (int i = 0; i < envs.size(); i++) {
            record(i, envs.get(i).step(actions[i]));
        }
    }

    /** Steps every environment with its real action: row i of {@code actions} ({@code [n × dim]}). */
    public void step(double[] actions) {
        int dim = actionSpace().dim();
        if (actions.length != envs.size() * dim) {
            throw new IllegalArgumentException("vector env: " + actions.length + " action values for " + envs.size()
                    + " environments of " + dim);
        }
        double[] a = new double[dim];
        for (int i = 0; i < envs.size(); i++) {
            System.arraycopy(actions, i * dim, a, 0, dim);
            record(i, envs.get(i).step(a));
        }
    }

    private void record(int i, Step s) {
        rewards[i] = s.reward();
        terminated[i] = s.terminated();
        truncated[i] = s.truncated();
        episodeReturn[i] += s.reward();
        if (s.done()) {
            System.arraycopy(s.observation(), 0, finalObs, i * d, d);
            finished.add(new Episode(i, episodeReturn[i], envs.get(i).elapsed(), s.terminated()));
            episodeReturn[i] = 0;
            System.arraycopy(envs.get(i).reset(), 0, obs, i * d, d);
        } else {
            System.arraycopy(s.observation(), 0, obs, i * d, d);
        }
    }

    /** The current observations, {@code [n × d]} (live: overwritten by the next step). */
    public double[] observations() {
        return obs;
    }

    /** The last step's rewards (live). */
    public double[] rewards() {
        return rewards;
    }

    /** The last step's terminated flags (live). */
    public boolean[] terminated() {
        return terminated;
    }

    /** The last step's truncated flags (live). */
    public boolean[] truncated() {
        return truncated;
    }

    /** Environment i's last observation of the episode that ended at the last step (valid where it ended). */
    public double[] finalObservation(int i) {
        double[] o = new double[d];
        System.arraycopy(finalObs, i * d, o, 0, d);
        return o;
    }

    /** The episodes finished since the last call, in the order they finished. */
    public List<Episode> drainEpisodes() {
        List<Episode> out = List.copyOf(finished);
        finished.clear();
        return out;
    }

    /** Everything needed to continue exactly: each environment's state and the running returns. */
    public State state() {
        List<OptState> states = new ArrayList<>(envs.size());
        for (Environment e : envs) {
            states.add(e.state());
        }
        return new State(states, dev.gradus.tensor.Tensor.vector(episodeReturn.clone()),
                dev.gradus.tensor.Tensor.vector(obs.clone()));
    }

    /** Continues from {@link #state()}. Episodes finished but not drained are not part of it. */
    public void restore(State state) {
        if (state.envs().size() != envs.size()) {
            throw new IllegalArgumentException("vector env: a saved state of " + state.envs().size()
                    + " environments does not fit " + envs.size());
        }
        for (int i = 0; i < envs.size(); i++) {
            envs.get(i).restore((EnvState) state.envs().get(i));
        }
        System.arraycopy(state.returns().data(), 0, episodeReturn, 0, episodeReturn.length);
        System.arraycopy(state.observations().data(), 0, obs, 0, obs.length);
        finished.clear();
    }

    /**
     * The saved state of a batch: one {@link EnvState} per environment, the running returns and the current
     * observations.
     *
     * @param envs the environments' states
     * @param returns the returns of the running episodes
     * @param observations the observations to act on
     */
    public record State(List<OptState> envs, dev.gradus.tensor.Tensor returns, dev.gradus.tensor.Tensor observations)
            implements OptState {}
}
