package dev.gradus.distributed.coding;

/**
 * Multiplexed sequential gradient coding (M-SGC; Krishnan et al. 2023, section 4) for the
 * {@code (B, W, lambda)}-bursty model: deadline {@code T = W - 2 + B}; in every round each worker works on one
 * mini-task of each of the {@code W - 1 + B} jobs in flight. A job's worker-side work is {@code W - 1} "D1" chunks
 * (plain, uncoded pieces of the worker's own data share) followed by {@code B} "D2" groups coded with a gradient
 * code tolerating {@code lambda} stragglers. In slot {@code k} of job {@code t} (round {@code t + k}) a worker with
 * D1 chunks left delivers the next one (unless it straggles); once its D1 chunks are all delivered it switches
 * to D2 group {@code k - (W - 1)}. Job {@code t} decodes in round {@code t + T} when every worker delivered its
 * {@code W - 1} D1 chunks and each D2 group has at least {@code n - lambda} results.
 *
 * <p>Load (the paper's): {@code (lambda + 1)(W - 1 + B) / (n (B + (W - 1)(lambda + 1)))} for {@code lambda < n},
 * and {@code (W - 1 + B) / (n (W - 1))} for {@code lambda = n}.
 */
public record MsgcScheme(BurstyStragglerModel model) implements SequentialScheme {

    @Override
    public String name() {
        return "m_sgc";
    }

    @Override
    public int delay() {
        return model.window() - 2 + model.burst();
    }

    @Override
    public double load() {
        int n = model.workers();
        int b = model.burst();
        int w = model.window();
        int l = model.lambda();
        if (l == n) {
            return (w - 1.0 + b) / (n * (w - 1.0));
        }
        return (l + 1.0) * (w - 1 + b) / (n * (b + (w - 1.0) * (l + 1)));
    }

    @Override
    public boolean tolerates(boolean[][] history, int r, boolean[] now) {
        return model.allows(history, r, now);
    }

    @Override
    public int[] decodeRounds(boolean[][] stragglers, int jobs) {
        int n = model.workers();
        int b = model.burst();
        int w = model.window();
        int slots = w - 1 + b;
        int[] out = new int[jobs];
        for (int t = 0; t < jobs; t++) {
            int[] groupResults = new int[b];
            boolean allD1 = true;
            for (int i = 0; i < n; i++) {
                int d1 = 0;
                for (int k = 0; k < slots; k++) {
                    boolean straggles = stragglers[t + k][i];
                    if (d1 < w - 1) {
                        d1 += straggles ? 0 : 1;
                    } else if (k >= w - 1 && !straggles) {
                        groupResults[k - (w - 1)]++;
                    }
                }
                allD1 &= d1 == w - 1;
            }
            boolean groups = true;
            for (int g : groupResults) {
                groups &= g >= n - model.lambda();
            }
            out[t] = allD1 && groups ? t + delay() : -1;
        }
        return out;
    }
}
