package dev.gradus.zeroth.moo;

import dev.gradus.zeroth.IndexSort;

/**
 * NSGA-II's crowding distance within one front (Deb et al. 2002): for each objective, sort the front; the two
 * boundary points get +∞; an interior point {@code k} adds {@code (f_{k+1} − f_{k−1}) / (f_max − f_min)}; an objective
 * with {@code f_max = f_min} is skipped. Sorts are stable (index order breaks ties), so identical vectors get 0
 * between them and the result is deterministic.
 */
public final class CrowdingDistance {
    private CrowdingDistance() {}

    /**
     * Writes the crowding distance of each member of {@code front} (row indices into the row-major [·, m] values
     * {@code f}) into {@code out[front[k]]}.
     */
    public static void assign(double[] f, int m, int[] front, double[] out) {
        int len = front.length;
        for (int i : front) {
            out[i] = 0;
        }
        if (len <= 2) {
            for (int i : front) {
                out[i] = Double.POSITIVE_INFINITY;
            }
            return;
        }
        int[] order = new int[len];
        for (int j = 0; j < m; j++) {
            System.arraycopy(front, 0, order, 0, len);
            IndexSort.sort(order, len, f, m, j, false);
            double lo = f[order[0] * m + j];
            double hi = f[order[len - 1] * m + j];
            out[order[0]] = Double.POSITIVE_INFINITY;
            out[order[len - 1]] = Double.POSITIVE_INFINITY;
            if (hi == lo) {
                continue;
            }
            for (int k = 1; k < len - 1; k++) {
                out[order[k]] += (f[order[k + 1] * m + j] - f[order[k - 1] * m + j]) / (hi - lo);
            }
        }
    }
}
