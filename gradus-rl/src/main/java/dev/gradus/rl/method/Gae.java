package dev.gradus.rl.method;

/**
 * Generalized advantage estimation (Schulman et al., ICLR 2016), over a rollout of {@code T} steps of {@code n}
 * environments stored time-major ({@code [T × n]}):
 * <pre>
 *   δ_t = r_t + γ V(s_{t+1}) (1 − done_t) − V(s_t)
 *   Â_t = δ_t + γ λ (1 − done_t) Â_{t+1},      R̂_t = Â_t + V(s_t)      (the value target)
 * </pre>
 * with V(s_T) the value of the observation after the last step. An episode cut by the time limit is bootstrapped as
 * in Stable-Baselines3: its reward already includes γ V(final observation), and done_t = 1 there.
 */
public final class Gae {
    private Gae() {}

    /**
     * Advantages into {@code advantages} and value targets into {@code returns}.
     *
     * @param rewards r_t, [T × n]
     * @param dones 1 where the episode ended at step t (terminated or truncated), [T × n]
     * @param values V(s_t), [T × n]
     * @param lastValues V(s_T), [n]
     */
    public static void compute(double[] rewards, boolean[] dones, double[] values, double[] lastValues, int steps, int n,
            double gamma, double lambda, double[] advantages, double[] returns) {
        double[] next = lastValues.clone();
        double[] gae = new double[n];
        for (int t = steps - 1; t >= 0; t--) {
            for (int i = 0; i < n; i++) {
                int k = t * n + i;
                double notDone = dones[k] ? 0.0 : 1.0;
                double delta = rewards[k] + gamma * next[i] * notDone - values[k];
                gae[i] = delta + gamma * lambda * notDone * gae[i];
                advantages[k] = gae[i];
                returns[k] = gae[i] + values[k];
                next[i] = values[k];
            }
        }
    }

    /** Standardises {@code a} in place to mean 0 and standard deviation 1 (plus 1e-8, as SB3 does). */
    public static void normalize(double[] a) {
        double mean = 0;
        for (double v : a) {
            mean += v;
        }
        mean /= a.length;
        double sq = 0;
        for (double v : a) {
            sq += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(sq / Math.max(1, a.length - 1)); // torch.std is unbiased
        for (int i = 0; i < a.length; i++) {
            a[i] = (a[i] - mean) / (std + 1e-8);
        }
    }
}
