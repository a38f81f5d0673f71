package dev.gradus.distributed.coding;

/**
 * Selective-repetition sequential gradient coding (SR-SGC; Krishnan et al. 2023, section 3), for the
 * {@code (B, W, lambda)}-bursty model with {@code B | (W - 1)}: a gradient code tolerating
 * {@code s = ceil(B lambda / (W - 1 + B))} stragglers, load {@code (s + 1) / n}, deadline {@code T = B}. Each round
 * {@code r} every worker computes its coded task for job {@code r}, except that when {@code v > s} workers did not
 * contribute to job {@code r - B} in round {@code r - B}, {@code v - s} of them (the lowest ids) repeat their
 * job-{@code (r - B)} task instead. Job {@code t} decodes once at least {@code n - s} distinct workers delivered its
 * task in rounds {@code t} and {@code t + B}.
 */
public record SrSgcScheme(BurstyStragglerModel model) implements SequentialScheme {

    /** Requires {@code B | (W - 1)}. */
    public SrSgcScheme {
        if ((model.window() - 1) % model.burst() != 0) {
            throw new IllegalArgumentException("SR-SGC: B=" + model.burst() + " must divide W - 1 = "
                    + (model.window() - 1));
        }
    }

    /** The stragglers its code tolerates: {@code ceil(B lambda / (W - 1 + B))}. */
    public int s() {
        int b = model.burst();
        return (b * model.lambda() + model.window() - 1 + b - 1) / (model.window() - 1 + b);
    }

    @Override
    public String name() {
        return "sr_sgc";
    }

    @Override
    public int delay() {
        return model.burst();
    }

    @Override
    public double load() {
        return (s() + 1.0) / model.workers();
    }

    @Override
    public boolean tolerates(boolean[][] history, int r, boolean[] now) {
        return model.allows(history, r, now);
    }

    @Override
    public int[] decodeRounds(boolean[][] stragglers, int jobs) {
        int n = model.workers();
        int b = model.burst();
        int s = s();
        int rounds = stragglers.length;
        boolean[][] delivered = new boolean[jobs][n];
        boolean[][] deliveredFirst = new boolean[jobs][n];
        for (int r = 0; r < rounds; r++) {
            int[] task = new int[n];
            java.util.Arrays.fill(task, r < jobs ? r : -1);
            int old = r - b;
            if (old >= 0 && old < jobs) {
                int v = 0;
                for (int i = 0; i < n; i++) {
                    v += deliveredFirst[old][i] ? 0 : 1;
                }
                int repeat = v - s;
                for (int i = 0; i < n && repeat > 0; i++) {
                    if (!deliveredFirst[old][i]) {
                        task[i] = old;
                        repeat--;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (task[i] >= 0 && !stragglers[r][i]) {
                    delivered[task[i]][i] = true;
                    if (task[i] == r) {
                        deliveredFirst[r][i] = true;
                    }
                }
            }
        }
        int[] out = new int[jobs];
        for (int t = 0; t < jobs; t++) {
            out[t] = count(deliveredFirst[t]) >= n - s ? t : count(delivered[t]) >= n - s ? t + b : -1;
        }
        return out;
    }

    private static int count(boolean[] a) {
        int c = 0;
        for (boolean x : a) {
            c += x ? 1 : 0;
        }
        return c;
    }
}
