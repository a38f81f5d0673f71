package dev.gradus.zeroth;

/**
 * Rankings of values that are minimised, with ties broken by index (the earlier candidate ranks as better), so that a
 * ranking is a deterministic function of the values.
 */
public final class Ranks {
    private Ranks() {}

    /** The indices of {@code f[0, n)} from best (smallest) to worst; equal values keep index order. */
    public static int[] order(double[] f, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        IndexSort.sort(idx, n, f, 1, 0, false);
        return idx;
    }

    /**
     * OpenAI-ES's centred ranks of losses {@code f}: {@code u_i = rank_i/(n − 1) − ½} with rank 0 the worst (largest
     * loss), so the best candidate gets +½ and the worst −½; written into {@code out}.
     */
    public static void centred(double[] f, int n, double[] out) {
        int[] best = order(f, n);
        for (int r = 0; r < n; r++) {
            // best[r] has r candidates better than it, so n − 1 − r worse: that is its rank from the worst.
            out[best[r]] = n == 1 ? 0.0 : (double) (n - 1 - r) / (n - 1) - 0.5;
        }
    }
}
