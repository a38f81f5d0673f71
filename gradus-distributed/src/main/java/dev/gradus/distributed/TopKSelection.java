package dev.gradus.distributed;

/**
 * The {@code k} entries of largest magnitude, exactly, in expected linear time: a quickselect over a copy of the
 * magnitudes finds the k-th largest {@code thr}, then one pass takes every entry above {@code thr} and, in
 * index order, as many entries equal to {@code thr} as fill {@code k} (ties go to the lowest index, so the
 * choice is deterministic). DGC's reference code estimates the threshold from a sample instead; an exact
 * selection over float64 values is allowed by the method and simpler to reason about.
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
