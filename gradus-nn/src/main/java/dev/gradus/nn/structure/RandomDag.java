package dev.gradus.nn.structure;

import dev.gradus.tensor.RandomStream;

/**
 * Random weighted DAGs as in {@code simulate_dag} / {@code simulate_parameter} of {@code xunzheng/notears}: an
 * Erdős–Rényi graph with exactly {@code edges} edges, or a Barabási–Albert scale-free graph with
 * {@code round(edges / d)} edges per new node (directed from the new node to the old ones, as igraph's
 * {@code Barabasi(directed=True)}); the nodes are then randomly permuted, and each edge gets a weight
 * {@code ±U[0.5, 2]}.
 */
public final class RandomDag {
    private RandomDag() {}

    /** An ER DAG on {@code d} nodes with exactly {@code edges} edges, weighted. */
    public static double[] erdosRenyi(int d, int edges, RandomStream rng) {
        int pairs = d * (d - 1) / 2;
        if (d < 2 || edges < 0 || edges > pairs) {
            throw new IllegalArgumentException("RandomDag.erdosRenyi: need d >= 2 and 0 <= edges <= " + pairs
                    + ", got d=" + d + ", edges=" + edges);
        }
        int[] chosen = rng.choice(pairs, edges, false);
        boolean[] lower = new boolean[d * d];
        for (int c : chosen) {
            int i = 1;
            int k = c;
            while (k >= i) {                      // pair index k ↦ (i, j) with j < i, row-major lower triangle
                k -= i;
                i++;
            }
            lower[i * d + k] = true;
        }
        return permuteAndWeight(lower, d, rng);
    }

    /** A scale-free (Barabási–Albert) DAG on {@code d} nodes with about {@code edges} edges, weighted. */
    public static double[] scaleFree(int d, int edges, RandomStream rng) {
        int m = (int) Math.round((double) edges / d);
        if (d < 2 || m < 1) {
            throw new IllegalArgumentException("RandomDag.scaleFree: need d >= 2 and edges >= d/2, got d=" + d
                    + ", edges=" + edges);
        }
        boolean[] adj = new boolean[d * d];
        int[] degree = new int[d];
        for (int t = 1; t < d; t++) {
            int want = Math.min(m, t);
            for (int c = 0; c < want; c++) {
                double total = 0;
                for (int u = 0; u < t; u++) {
                    if (!adj[t * d + u]) {
                        total += degree[u] + 1;
                    }
                }
                double r = rng.uniform() * total;
                int pick = -1;
                for (int u = 0; u < t; u++) {
                    if (adj[t * d + u]) {
                        continue;
                    }
                    pick = u;
                    r -= degree[u] + 1;
                    if (r < 0) {
                        break;
                    }
                }
                adj[t * d + pick] = true;
                degree[pick]++;
                degree[t]++;
            }
        }
        return permuteAndWeight(adj, d, rng);
    }

    private static double[] permuteAndWeight(boolean[] adj, int d, RandomStream rng) {
        int[] perm = rng.permutation(d);
        double[] w = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                if (adj[i * d + j]) {
                    double mag = rng.uniform(0.5, 2.0);
                    w[perm[i] * d + perm[j]] = rng.bernoulli(0.5) ? mag : -mag;
                }
            }
        }
        return w;
    }
}
