package dev.gradus.distributed;

import dev.gradus.tensor.RandomStream;

/**
 * The {@code k} entries of largest magnitude.
 *
 * <ul>
 *   <li>{@link #select}: exactly, in expected linear time: a quickselect over a copy of the magnitudes finds the
 *       k-th largest {@code thr}, then one pass takes every entry above {@code thr} and, in index order, as many
 *       entries equal to {@code thr} as fill {@code k} (ties go to the lowest index, so the choice is
 *       deterministic).</li>
 *   <li>{@link #sampled}: DGC's threshold estimation ({@code dgc/compression.py}): the threshold is the k-th
 *       largest magnitude of a strided sample, then one pass collects the entries above it; about {@code k}
 *       entries, in about one pass and a half.</li>
 * </ul>
 */
public final class TopKSelection {
    private TopKSelection() {}

    /**
     * The indices (ascending) of the {@code k} entries of {@code v} with the largest {@code |v[i]|}; a NaN counts
     * as larger than any number. {@code scratch} must hold at least {@code v.length} values and is overwritten.
     */
    public static int[] select(double[] v, int k, double[] scratch) {
        int n = v.length;
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("top-k: k=" + k + " must be in [0, " + n + "]");
        }
        int[] out = new int[k];
        if (k == 0) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            scratch[i] = magnitude(v[i]);
        }
        double thr = kthSmallest(scratch, n, n - k);
        int above = 0;
        for (int i = 0; i < n; i++) {
            if (magnitude(v[i]) > thr) {
                above++;
            }
        }
        int ties = k - above;
        int at = 0;
        for (int i = 0; i < n && at < k; i++) {
            double m = magnitude(v[i]);
            if (m > thr || (m == thr && ties-- > 0)) {
                out[at++] = i;
            }
        }
        return out;
    }

    /**
     * DGC's sampled selection: a strided sample of {@code max(sampleRatio n, 2 / density)} entries with a random
     * start gives a threshold, the k'-th largest sampled magnitude for the same density; one pass collects the
     * entries at or above it. Up to 10 times, fewer than {@code 0.8 k} selected lowers the threshold by 0.8; more
     * than {@code 1.3 k} (or more than {@code k} at the end) keeps the exact top {@code k} of the candidates.
     * Returns between about {@code 0.8 k} and {@code k} indices, ascending; {@code k} when the estimate is good.
     */
    public static int[] sampled(double[] v, int k, double sampleRatio, RandomStream rng) {
        int n = v.length;
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("top-k: k=" + k + " must be in [0, " + n + "]");
        }
        if (k == 0) {
            return new int[0];
        }
        double density = (double) k / n;
        int samples = (int) Math.min(n, Math.max(Math.ceil(sampleRatio * n), Math.ceil(2 / density)));
        if (samples >= n / 2 || k == n) {
            return select(v, k, new double[n]);
        }
        int stride = n / samples;
        int start = rng.nextInt(stride);
        double[] sample = new double[samples];
        for (int j = 0; j < samples; j++) {
            sample[j] = magnitude(v[start + j * stride]);
        }
        int ks = Math.max(1, (int) Math.ceil(density * samples));
        double thr = kthSmallest(sample, samples, samples - ks);
        int cap = (int) Math.ceil(1.3 * k) + 1;
        int[] idx = new int[cap];
        int count = 0;
        for (int attempt = 0; attempt < 10; attempt++) {
            count = 0;
            for (int i = 0; i < n; i++) {
                if (magnitude(v[i]) >= thr) {
                    if (count < cap) {
                        idx[count] = i;
                    }
                    count++;
                }
            }
            if (count >= 0.8 * k) {
                break;
            }
            thr *= 0.8;
        }
        if (count > cap) { // the estimate was far too low: fall back to the exact selection
            return select(v, k, new double[n]);
        }
        if (count <= k) {
            return java.util.Arrays.copyOf(idx, count);
        }
        double[] cand = new double[count];
        for (int j = 0; j < count; j++) {
            cand[j] = v[idx[j]];
        }
        int[] best = select(cand, k, new double[count]);
        int[] out = new int[k];
        for (int j = 0; j < k; j++) {
            out[j] = idx[best[j]];
        }
        return out;
    }

    private static double magnitude(double x) {
        return Double.isNaN(x) ? Double.POSITIVE_INFINITY : Math.abs(x);
    }

    /** The value that would sit at position {@code rank} of {@code a[0..n)} sorted ascending (Hoare quickselect). */
    static double kthSmallest(double[] a, int n, int rank) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double pivot = median(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (rank <= j) {
                hi = j;
            } else if (rank >= i) {
                lo = i;
            } else {
                return a[rank];
            }
        }
        return a[rank];
    }

    private static double median(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
