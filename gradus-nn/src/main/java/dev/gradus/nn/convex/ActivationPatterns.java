package dev.gradus.nn.convex;

import dev.gradus.tensor.RandomStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Activation patterns {@code D_i = diag(1[X u_i ≥ 0])} of a data matrix {@code X} ({@code n × d}): which samples
 * a ReLU neuron with input weights {@code u_i} is active on. Sampled with {@code u_i ~ N(0, I)} and
 * deduplicated, keeping first occurrences in draw order; the all-inactive pattern is dropped (its block cannot
 * contribute to the predictions).
 */
public final class ActivationPatterns {

    private final boolean[][] masks;
    private final int drawn;

    private ActivationPatterns(boolean[][] masks, int drawn) {
        this.masks = masks;
        this.drawn = drawn;
    }

    /**
     * Samples {@code draws} Gaussian directions and keeps the distinct patterns they induce on {@code x}.
     *
     * @param x the data, {@code n} rows of {@code d} features (append a constant column for a bias)
     */
    public static ActivationPatterns sample(double[][] x, int draws, RandomStream rng) {
        if (draws < 1) {
            throw new IllegalArgumentException("activation patterns: draws must be >= 1, got " + draws);
        }
        int n = x.length;
        int d = x[0].length;
        double[] u = new double[d];
        Set<String> seen = new HashSet<>();
        List<boolean[]> kept = new ArrayList<>();
        for (int t = 0; t < draws; t++) {
            rng.fillNormal(u);
            boolean[] mask = new boolean[n];
            boolean any = false;
            for (int k = 0; k < n; k++) {
                double s = 0.0;
                for (int c = 0; c < d; c++) {
                    s += x[k][c] * u[c];
                }
                mask[k] = s >= 0.0;
                any |= mask[k];
            }
            if (any && seen.add(key(mask))) {
                kept.add(mask);
            }
        }
        return new ActivationPatterns(kept.toArray(new boolean[0][]), draws);
    }

    /**
     * Every pattern of one-dimensional inputs with a bias, rows {@code (x_k, 1)}: the sets {@code {k : x_k ≥ t}}
     * and {@code {k : x_k ≤ t}} for thresholds {@code t} at the data points, deduplicated. With all patterns the
     * convex program's optimum is the global optimum of the ReLU network (of large enough width), so this is the
     * exhaustive, brute-force counterpart of {@link #sample}.
     *
     * @throws IllegalArgumentException when a row is not of the form {@code (x_k, 1)}
     */
    public static ActivationPatterns allOneDimensional(double[][] x) {
        int n = x.length;
        for (int k = 0; k < n; k++) {
            if (x[k].length != 2 || x[k][1] != 1.0) {
                throw new IllegalArgumentException("activation patterns: allOneDimensional needs rows (x, 1), row " + k
                        + " is " + Arrays.toString(x[k]));
            }
        }
        List<boolean[]> all = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            double threshold = x[t][0];
            boolean[] above = new boolean[n];
            boolean[] below = new boolean[n];
            for (int k = 0; k < n; k++) {
                above[k] = x[k][0] >= threshold;
                below[k] = x[k][0] <= threshold;
            }
            all.add(above);
            all.add(below);
        }
        ActivationPatterns p = of(all.toArray(new boolean[0][]));
        return new ActivationPatterns(p.masks, p.masks.length);
    }

    /** Patterns given explicitly (each a mask over the {@code n} samples), deduplicated. */
    public static ActivationPatterns of(boolean[][] given) {
        Set<String> seen = new HashSet<>();
        List<boolean[]> kept = new ArrayList<>();
        for (boolean[] m : given) {
            if (seen.add(key(m))) {
                kept.add(m.clone());
            }
        }
        return new ActivationPatterns(kept.toArray(new boolean[0][]), given.length);
    }

    private static String key(boolean[] mask) {
        StringBuilder sb = new StringBuilder(mask.length);
        for (boolean b : mask) {
            sb.append(b ? '1' : '0');
        }
        return sb.toString();
    }

    /** The number of distinct patterns {@code P}. */
    public int count() {
        return masks.length;
    }

    /** How many directions were drawn (or patterns given) before deduplication. */
    public int drawn() {
        return drawn;
    }

    /** Whether sample {@code k} is active in pattern {@code i}. */
    public boolean active(int i, int k) {
        return masks[i][k];
    }

    /** A copy of pattern {@code i}. */
    public boolean[] mask(int i) {
        return masks[i].clone();
    }

    @Override
    public String toString() {
        return "ActivationPatterns[P=" + masks.length + " distinct of " + drawn + " drawn, n="
                + (masks.length == 0 ? 0 : masks[0].length) + "]" + (masks.length == 0 ? "" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivationPatterns p && Arrays.deepEquals(masks, p.masks);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(masks);
    }
}
