package dev.gradus.rl;

import dev.gradus.optim.OptState;
import dev.gradus.optim.state.StateTree;
import dev.gradus.rl.env.VectorEnv;
import dev.gradus.rl.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running reinforcement-learning method: {@link #iterate()} collects experience and updates the policy once
 * (a PPO iteration, one policy-gradient step). Everything it needs to continue bit for bit (parameters, optimizer
 * states, environments with their random streams, the action stream, counters) is one state tree: {@link #state()}
 * copies it and {@link #restore} sets it, so a saved and resumed run equals an uninterrupted one.
 */
public abstract class Learner {
    private final List<VectorEnv.Episode> episodes = new ArrayList<>();
    private final Map<String, Double> metrics = new LinkedHashMap<>();

    /** The policy being learned (its module's parameters are live). */
    public abstract Policy policy();

    /** One iteration: collect, then update. */
    public abstract void iterate();

    /** Environment steps taken so far. */
    public abstract long envSteps();

    /** Iterations done so far. */
    public abstract long iterations();

    /**
     * The state tree whose leaves are this learner's own objects (so restoring it in place restores the learner),
     * except for environment parts, which are fresh copies that {@link #applyEnvironments} pushes back.
     */
    protected abstract OptState live();

    /** Hands the environment parts of a restored {@link #live()} tree to the environments. */
    protected abstract void applyEnvironments(OptState live);

    /** A deep copy of everything needed to continue. */
    public final OptState state() {
        return StateTree.copy(live());
    }

    /** Continues from a state made by {@link #state()} of a learner built the same way. */
    public final void restore(OptState saved) {
        OptState l = live();
        StateTree.restore(l, saved);
        applyEnvironments(l);
        episodes.clear();
    }

    /** Records a finished episode. */
    protected final void episode(VectorEnv.Episode e) {
        episodes.add(e);
    }

    /** Sets a metric of the last iteration (such as {@code policy_loss}). */
    protected final void metric(String name, double value) {
        metrics.put(name, value);
    }

    /** The episodes finished since the last call. */
    public final List<VectorEnv.Episode> drainEpisodes() {
        List<VectorEnv.Episode> out = List.copyOf(episodes);
        episodes.clear();
        return out;
    }

    /** The last iteration's metrics, by name (a copy). */
    public final Map<String, Double> metrics() {
        return new LinkedHashMap<>(metrics);
    }
}
