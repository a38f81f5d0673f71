package dev.gradus.rl.estimator;

import dev.gradus.rl.env.Environment;
import dev.gradus.rl.env.Step;
import dev.gradus.rl.policy.Policy;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;

/**
 * One episode τ = (s_0, a_0, r_0, …, s_{T−1}, a_{T−1}, r_{T−1}) of at most a horizon's steps.
 *
 * @param observations [T, d]
 * @param actions [T, k]
 * @param rewards r_0..r_{T−1}
 * @param terminated true when it ended in a terminal state (false when cut by the time limit or the horizon)
 */
public record Trajectory(Tensor observations, Tensor actions, double[] rewards, boolean terminated) {

    /** The number of steps T. */
    public int length() {
        return rewards.length;
    }

    /** Σ_t r_t. */
    public double undiscountedReturn() {
        double s = 0;
        for (double r : rewards) {
            s += r;
        }
        return s;
    }

    /** Σ_t γ^t r_t. */
    public double discountedReturn(double gamma) {
        double s = 0;
        double d = 1;
        for (double r : rewards) {
            s += d * r;
            d *= gamma;
        }
        return s;
    }

    /**
     * Plays one episode of {@code env} (reset from its own stream) with {@code policy} at parameters {@code at} (null:
     * the module's own), actions drawn from {@code actions}, for at most {@code horizon} steps.
     */
    public static Trajectory sample(Environment env, Policy policy, TensorMap at, RandomStream actions, int horizon) {
        int d = env.observationSize();
        int k = policy.actionDim();
        int cap = Math.min(horizon, env.maxEpisodeSteps());
        double[] obs = new double[cap * d];
        double[] act = new double[cap * k];
        double[] rew = new double[cap];
        double[] o = env.reset();
        double[] a = new double[k];
        int t = 0;
        boolean terminated = false;
        while (t < cap) {
            System.arraycopy(o, 0, obs, t * d, d);
            policy.act(at, o, 1, actions, false, a);
            System.arraycopy(a, 0, act, t * k, k);
            Step s = env.actionSpace().isDiscrete() ? env.step((int) a[0]) : env.step(a);
            rew[t] = s.reward();
            t++;
            o = s.observation();
            if (s.done()) {
                terminated = s.terminated();
                break;
            }
        }
        return new Trajectory(Tensor.of(java.util.Arrays.copyOf(obs, t * d), t, d),
                Tensor.of(java.util.Arrays.copyOf(act, t * k), t, k), java.util.Arrays.copyOf(rew, t), terminated);
    }
}
