package dev.gradus.zeroth.moo;

import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Deb's fast non-dominated sort (Deb, Pratap, Agarwal, Meyarivan, "A Fast and Elitist Multiobjective Genetic
 * Algorithm: NSGA-II", IEEE TEC 6(2), 2002), all objectives minimised:
 * <pre>
 *   a ≺ b  ⇔  a_j ≤ b_j for every objective j and a_j &lt; b_j for at least one
 *   for each p: S_p = {q : p ≺ q},  n_p = |{q : q ≺ p}|
 *   front 1 = {p : n_p = 0}; peel: for p in the front, for q in S_p, n_q −= 1, and q joins the next front at 0
 * </pre>
 * O(M·N²) comparisons. Each front lists its members in ascending index order; identical vectors share a front.
 */
public final class NonDominatedSort {
    private NonDominatedSort() {}

    /** True when row {@code a} dominates row {@code b} of the [n, m] values {@code f}. */
    public static boolean dominates(double[] f, int m, int a, int b) {
        boolean strictly = false;
        int oa = a * m;
        int ob = b * m;
        for (int j = 0; j < m; j++) {
            double x = f[oa + j];
            double y = f[ob + j];
            if (x > y) {
                return false;
            }
            if (x < y) {
                strictly = true;
            }
        }
        return strictly;
    }

    /** The fronts of the rows of {@code values} ([n, m]), best first, each in ascending index order. */
    public static List<int[]> fronts(Tensor values) {
        return fronts(values.data(), values.dim(0), values.dim(1));
    }

    /** The fronts of the first {@code n} rows of the row-major [n, m] array {@code f}. */
    public static List<int[]> fronts(double[] f, int n, int m) {
        int[] count = new int[n];
        // S_p as one flat list per p: dominatedStart[p] .. dominatedStart[p + 1] in dominated[].
        int[][] dominated = new int[n][];
        int[] buf = new int[n];
        for (int p = 0; p < n; p++) {
            int k = 0;
            for (int q = 0; q < n; q++) {
                if (q != p && dominates(f, m, p, q)) {
                    buf[k++] = q;
                } else if (q != p && dominates(f, m, q, p)) {
                    count[p]++;
                }
            }
            dominated[p] = Arrays.copyOf(buf, k);
        }
        List<int[]> out = new ArrayList<>();
        int[] current = new int[n];
        int size = 0;
        for (int p = 0; p < n; p++) {
            if (count[p] == 0) {
                current[size++] = p;
            }
        }
        boolean[] mark = new boolean[n];
        while (size > 0) {
            out.add(Arrays.copyOf(current, size));
            Arrays.fill(mark, false);
            int nextSize = 0;
            for (int k = 0; k < size; k++) {
                for (int q : dominated[current[k]]) {
                    if (--count[q] == 0) {
                        mark[q] = true;
                        nextSize++;
                    }
                }
            }
            int[] next = new int[n];
            int o = 0;
            for (int q = 0; q < n && o < nextSize; q++) {
                if (mark[q]) {
                    next[o++] = q;
                }
            }
            current = next;
            size = nextSize;
        }
        return out;
    }

    /** The indices of the non-dominated rows of {@code values}, ascending. */
    public static int[] firstFront(Tensor values) {
        int n = values.dim(0);
        int m = values.dim(1);
        double[] f = values.data();
        int[] buf = new int[n];
        int k = 0;
        for (int p = 0; p < n; p++) {
            boolean free = true;
            for (int q = 0; q < n && free; q++) {
                free = q == p || !dominates(f, m, q, p);
            }
            if (free) {
                buf[k++] = p;
            }
        }
        return Arrays.copyOf(buf, k);
    }
}
