package dev.gradus.zeroth.moo;

import dev.gradus.tensor.Tensor;
import dev.gradus.zeroth.IndexSort;
import java.util.Arrays;

/**
 * The hypervolume indicator: the measure of the region dominated by a set of points and bounded by a reference point
 * (all objectives minimised). Exact: a sweep in two objectives; slicing along the last objective ("HSO", While,
 * Hingston, Barone, Huband, IEEE TEC 10(1), 2006) in more, which suits fronts of a few hundred points in three or
 * four objectives. Points that do not strictly dominate the reference point contribute nothing.
 */
public final class Hypervolume {
    private Hypervolume() {}

    /** The hypervolume of the rows of {@code points} ([n, m]) with respect to {@code reference} (length m). */
    public static double of(Tensor points, double[] reference) {
        int n = points.dim(0);
        int m = points.dim(1);
        if (reference.length != m) {
            throw new IllegalArgumentException("Hypervolume: the reference point has " + reference.length
                    + " coordinates but the points have " + m + " objectives");
        }
        double[] f = points.data();
        double[] kept = new double[n * m];
        int k = 0;
        for (int i = 0; i < n; i++) {
            boolean inside = true;
            for (int j = 0; j < m && inside; j++) {
                inside = f[i * m + j] < reference[j];
            }
            if (inside) {
                System.arraycopy(f, i * m, kept, k * m, m);
                k++;
            }
        }
        return volume(kept, k, m, reference);
    }

    private static double volume(double[] f, int n, int m, double[] ref) {
        if (n == 0) {
            return 0;
        }
        if (m == 1) {
            double lo = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                lo = Math.min(lo, f[i]);
            }
            return ref[0] - lo;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        IndexSort.sort(order, n, f, m, m - 1, false);
        if (m == 2) {
            // Sweep up the second objective: each point adds the strip its first objective improves.
            double v = 0;
            double bestX = ref[0];
            for (int k = 0; k < n; k++) {
                int i = order[k];
                double x = f[i * m];
                double y = f[i * m + 1];
                if (x < bestX) {
                    v += (bestX - x) * (ref[1] - y);
                    bestX = x;
                }
            }
            return v;
        }
        // Slice along the last objective: between consecutive levels, the first k points projected to m − 1 objectives.
        double v = 0;
        double[] proj = new double[n * (m - 1)];
        double[] subRef = Arrays.copyOf(ref, m - 1);
        for (int k = 0; k < n; k++) {
            int i = order[k];
            System.arraycopy(f, i * m, proj, k * (m - 1), m - 1);
            double level = f[i * m + m - 1];
            double nextLevel = k + 1 < n ? f[order[k + 1] * m + m - 1] : ref[m - 1];
            if (nextLevel > level) {
                v += volume(proj, k + 1, m - 1, subRef) * (nextLevel - level);
            }
        }
        return v;
    }
}
