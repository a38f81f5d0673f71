package dev.gradus.nn.structure;

import java.util.Arrays;

/**
 * TOPO: NOTEARS' least-squares objective optimised over topological orders by swapping pairs of nodes (C. Deng,
 * K. Bello, B. Aragam, P. Ravikumar, "Optimizing NOTEARS Objectives via Topological Swaps", ICML 2023, Algorithm 1;
 * code read: {@code duntrain/topo topo_linear.py}).
 * <pre>
 *   inner level, order π:  W_π = argmin F(W)  s.t.  W_ij = 0 unless π(i) &lt; π(j)
 *                          (least squares of each node on all its predecessors, {@link LeastSquaresScore#fitNode})
 *   candidates:  forbidden pairs (i, j), π(i) &gt; π(j), with |∇F(W_π)_ij| ≥ ξ, ranked by G_ij = [∂h/∂A](W_π)
 *                ascending (G_ij ≈ 0: adding i → j closes almost no cycle); the small set is the first
 *                size_small of them, the large set the first size_large
 *   move:        swap the positions of i and j in π, refit only the nodes between them; take the candidate with the
 *                lowest score if it lowers F; if the small set has none, try the large set (at most
 *                no_large_search times); stop when neither lowers F
 * </pre>
 * Every W_π is a DAG and F strictly decreases, so the search ends. Defaults are the reference script's:
 * {@code size_small = 100, size_large = 400, no_large_search = 1}, ξ = 1e-10. Deviations, both for brevity: the
 * reference picks a threshold τ on G from a ladder until the set has about size_small pairs, where ranking by G gives
 * such a set directly; and it applies several non-overlapping improving swaps per round, where this applies the best
 * one. Scores come from the sufficient statistic Σ = XᵀX/n, so a candidate costs O(k³) per refitted node, not O(n).
 */
public final class TopoSwaps {
    private int sizeSmall = 100;
    private int sizeLarge = 400;
    private int noLargeSearch = 1;
    private double xi = 1e-10;

    /** TOPO with the reference defaults. */
    public TopoSwaps() {}

    /** The size of the small candidate set; default 100. */
    public TopoSwaps sizeSmall(int v) {
        if (v < 1) {
            throw new IllegalArgumentException("TopoSwaps: sizeSmall must be at least 1, got " + v);
        }
        sizeSmall = v;
        return this;
    }

    /** The size of the large candidate set; default 400. */
    public TopoSwaps sizeLarge(int v) {
        if (v < 1) {
            throw new IllegalArgumentException("TopoSwaps: sizeLarge must be at least 1, got " + v);
        }
        sizeLarge = v;
        return this;
    }

    /** How often the large set may be searched; default 1. */
    public TopoSwaps noLargeSearch(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("TopoSwaps: noLargeSearch must be non-negative, got " + v);
        }
        noLargeSearch = v;
        return this;
    }

    /** The least-squares fit {@code W_π} of an order (no swaps). */
    public static TopoResult fitOrder(LeastSquaresScore score, int[] order) {
        Search s = new Search(score, order);
        return s.result(0);
    }

    /** Runs the swap search from {@code order} (a permutation of {@code 0..d−1}). */
    public TopoResult fit(LeastSquaresScore score, int[] order) {
        Search s = new Search(score, order);
        int d = score.dim();
        int swaps = 0;
        int largeSearches = 0;
        double[] gradF = new double[d * d];
        while (true) {
            double[] w = s.weights();
            score.valueAndGradient(w, gradF);
            double[] g = Acyclicity.pathGradient(w, d);
            int[] ranked = s.rankedCandidates(gradF, g, xi);
            int[] best = s.bestSwap(ranked, Math.min(sizeSmall, ranked.length));
            if (best == null && largeSearches < noLargeSearch && ranked.length > sizeSmall) {
                largeSearches++;
                best = s.bestSwap(ranked, Math.min(sizeLarge, ranked.length));
            }
            if (best == null) {
                return s.result(swaps);
            }
            s.swap(best[0], best[1]);
            swaps++;
        }
    }

    /** The order, the per-node fits and their losses during one search. */
    private static final class Search {
        private final LeastSquaresScore score;
        private final int d;
        private final int[] order;
        private final int[] pos;
        private final double[] loss;
        private final double[][] coef;            // coef[j][i]: weight of i → j
        private final int[] parents;
        private final double[] scratch;

        Search(LeastSquaresScore score, int[] start) {
            this.score = score;
            this.d = score.dim();
            if (start.length != d) {
                throw new IllegalArgumentException("TopoSwaps: the order has " + start.length + " nodes, expected " + d);
            }
            this.order = start.clone();
            this.pos = new int[d];
            Arrays.fill(pos, -1);
            for (int p = 0; p < d; p++) {
                int v = order[p];
                if (v < 0 || v >= d || pos[v] >= 0) {
                    throw new IllegalArgumentException("TopoSwaps: the order " + Arrays.toString(start)
                            + " is not a permutation of 0.." + (d - 1));
                }
                pos[v] = p;
            }
            this.loss = new double[d];
            this.coef = new double[d][d];
            this.parents = new int[d];
            this.scratch = new double[d];
            for (int p = 0; p < d; p++) {
                loss[order[p]] = fit(order, p, coef[order[p]]);
            }
        }

        /** Fits the node at position p on all its predecessors; {@code byParent} (may be null) gets b indexed by node. */
        private double fit(int[] ord, int p, double[] byParent) {
            for (int q = 0; q < p; q++) {
                parents[q] = ord[q];
            }
            double l = score.fitNode(ord[p], parents, p, byParent == null ? null : scratch);
            if (byParent != null) {
                Arrays.fill(byParent, 0);
                for (int q = 0; q < p; q++) {
                    byParent[ord[q]] = scratch[q];
                }
            }
            return l;
        }

        double total() {
            double t = 0;
            for (double v : loss) {
                t += v;
            }
            return t;
        }

        double[] weights() {
            double[] w = new double[d * d];
            for (int j = 0; j < d; j++) {
                for (int i = 0; i < d; i++) {
                    w[i * d + j] = coef[j][i];
                }
            }
            return w;
        }

        /** Forbidden pairs with a non-negligible score gradient, as {@code i·d + j}, by G ascending. */
        int[] rankedCandidates(double[] gradF, double[] g, double xi) {
            int count = 0;
            int[] idx = new int[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    if (pos[i] > pos[j] && Math.abs(gradF[i * d + j]) >= xi) {
                        idx[count++] = i * d + j;
                    }
                }
            }
            Integer[] boxed = new Integer[count];          // once per round, not in the refit loop
            for (int k = 0; k < count; k++) {
                boxed[k] = idx[k];
            }
            Arrays.sort(boxed, (a, b) -> {
                int c = Double.compare(g[a], g[b]);
                return c != 0 ? c : Integer.compare(a, b);
            });
            int[] out = new int[count];
            for (int k = 0; k < count; k++) {
                out[k] = boxed[k];
            }
            return out;
        }

        /** The best improving swap among the first {@code size} candidates as {@code {pLow, pHigh}}, or null. */
        int[] bestSwap(int[] ranked, int size) {
            double current = total();
            double bestScore = current - 1e-12 * Math.max(1, Math.abs(current));
            int[] best = null;
            int[] trial = order.clone();
            for (int k = 0; k < size; k++) {
                int i = ranked[k] / d;
                int j = ranked[k] % d;
                int lo = pos[j];
                int hi = pos[i];
                trial[lo] = i;
                trial[hi] = j;
                double s = current;
                for (int p = lo; p <= hi; p++) {
                    s -= loss[trial[p]];
                    s += fit(trial, p, null);
                }
                trial[lo] = j;
                trial[hi] = i;
                if (s < bestScore) {
                    bestScore = s;
                    best = new int[] {lo, hi};
                }
            }
            return best;
        }

        void swap(int lo, int hi) {
            int a = order[lo];
            order[lo] = order[hi];
            order[hi] = a;
            pos[order[lo]] = lo;
            pos[order[hi]] = hi;
            for (int p = lo; p <= hi; p++) {
                loss[order[p]] = fit(order, p, coef[order[p]]);
            }
        }

        TopoResult result(int swaps) {
            return new TopoResult(order.clone(), weights(), total(), swaps);
        }
    }
}
