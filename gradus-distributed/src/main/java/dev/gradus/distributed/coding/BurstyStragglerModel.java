package dev.gradus.distributed.coding;

import dev.gradus.tensor.RandomStream;

/**
 * The {@code (B, W, lambda)}-bursty straggler model of Krishnan, Ebrahimi and Khisti (ICLR 2023), as the reference
 * simulator's {@code follows_straggler_model} checks it, for {@code n} workers over rounds {@code 0, 1, ..}:
 * <ol>
 *   <li>in any window of {@code W} consecutive rounds at most {@code lambda} distinct workers straggle;</li>
 *   <li>a worker straggling in round {@code r} did not straggle in rounds {@code [r - W + 1, r - B]} (its bursts
 *       last at most {@code B} rounds and are at least {@code W} apart).</li>
 * </ol>
 */
public record BurstyStragglerModel(int workers, int burst, int window, int lambda) {

    /** Validates {@code 1 <= B <= W} and {@code 0 <= lambda <= n}. */
    public BurstyStragglerModel {
        if (workers < 1 || burst < 1 || window < burst || lambda < 0 || lambda > workers) {
            throw new IllegalArgumentException("bursty stragglers: need n >= 1, 1 <= B <= W and 0 <= lambda <= n; got n="
                    + workers + ", B=" + burst + ", W=" + window + ", lambda=" + lambda);
        }
    }

    /** True when round {@code r}'s stragglers {@code now} keep the pattern {@code history[0..r-1]} in the model. */
    public boolean allows(boolean[][] history, int r, boolean[] now) {
        boolean[] seen = new boolean[workers];
        int distinct = 0;
        for (int i = 0; i < workers; i++) {
            if (!now[i]) {
                continue;
            }
            for (int q = Math.max(0, r - window + 1); q <= r - burst; q++) {
                if (history[q][i]) {
                    return false;
                }
            }
        }
        for (int q = Math.max(0, r - window + 1); q <= r; q++) {
            boolean[] row = q == r ? now : history[q];
            for (int i = 0; i < workers; i++) {
                if (row[i] && !seen[i]) {
                    seen[i] = true;
                    distinct++;
                }
            }
        }
        return distinct <= lambda;
    }

    /** True when the whole pattern {@code p[rounds][workers]} is in the model. */
    public boolean conforms(boolean[][] p) {
        for (int r = 0; r < p.length; r++) {
            if (!allows(p, r, p[r])) {
                return false;
            }
        }
        return true;
    }

    /**
     * A random pattern in the model: each round, workers in a burst continue it up to its drawn length (uniform in
     * {@code 1..B}), and every other worker starts one with probability {@code p}, in worker order, whenever the
     * model allows it.
     */
    public boolean[][] generate(int rounds, double p, RandomStream rng) {
        boolean[][] out = new boolean[rounds][workers];
        int[] left = new int[workers];
        for (int r = 0; r < rounds; r++) {
            boolean[] now = out[r];
            for (int i = 0; i < workers; i++) {
                if (left[i] > 0) {
                    now[i] = true;
                    if (allows(out, r, now)) {
                        left[i]--;
                    } else {
                        now[i] = false;
                        left[i] = 0;
                    }
                }
            }
            for (int i = 0; i < workers; i++) {
                if (now[i] || !rng.bernoulli(p)) {
                    continue;
                }
                now[i] = true;
                if (allows(out, r, now)) {
                    left[i] = rng.nextInt(burst); // rounds after this one
                } else {
                    now[i] = false;
                }
            }
        }
        return out;
    }
}
