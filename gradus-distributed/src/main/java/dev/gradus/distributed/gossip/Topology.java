package dev.gradus.distributed.gossip;

import dev.gradus.tensor.EigenDecomposition;
import dev.gradus.tensor.Linalg;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * An undirected, connected communication graph on {@code n} nodes, with its edges in a fixed order: ring, 2-D
 * torus, Erdős–Rényi, random geometric (unit square) and complete graphs. Random graphs are redrawn from the
 * same stream until connected, so a seed gives one graph.
 */
public final class Topology {
    private final String name;
    private final int nodes;
    private final int[][] edges;

    private Topology(String name, int nodes, List<int[]> edges) {
        this.name = name;
        this.nodes = nodes;
        this.edges = edges.toArray(new int[0][]);
        if (!connected()) {
            throw new IllegalArgumentException(name + ": the graph is not connected");
        }
    }

    /** The ring {@code 0 - 1 - .. - (n-1) - 0}. */
    public static Topology ring(int n) {
        requireNodes("ring", n, 2);
        List<int[]> e = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (n > 2 || i == 0) {
                e.add(new int[] {Math.min(i, (i + 1) % n), Math.max(i, (i + 1) % n)});
            }
        }
        return new Topology("ring(n=" + n + ")", n, e);
    }

    /** The {@code rows x cols} torus (each node joined to its four grid neighbours, wrapping around). */
    public static Topology torus(int rows, int cols) {
        requireNodes("torus", rows * cols, 2);
        java.util.Set<Long> seen = new java.util.LinkedHashSet<>();
        List<int[]> e = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int a = r * cols + c;
                for (int b : new int[] {r * cols + (c + 1) % cols, ((r + 1) % rows) * cols + c}) {
                    int lo = Math.min(a, b);
                    int hi = Math.max(a, b);
                    if (lo != hi && seen.add((long) lo * (rows * cols) + hi)) {
                        e.add(new int[] {lo, hi});
                    }
                }
            }
        }
        return new Topology("torus(rows=" + rows + ", cols=" + cols + ")", rows * cols, e);
    }

    /** The complete graph. */
    public static Topology complete(int n) {
        requireNodes("complete", n, 2);
        List<int[]> e = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                e.add(new int[] {i, j});
            }
        }
        return new Topology("complete(n=" + n + ")", n, e);
    }

    /** An Erdős–Rényi graph {@code G(n, p)}, redrawn until connected. */
    public static Topology erdosRenyi(int n, double p, RandomStream rng) {
        requireNodes("erdos_renyi", n, 2);
        for (int attempt = 0; attempt < 1000; attempt++) {
            List<int[]> e = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (rng.bernoulli(p)) {
                        e.add(new int[] {i, j});
                    }
                }
            }
            if (isConnected(n, e)) {
                return new Topology("erdos_renyi(n=" + n + ", p=" + p + ")", n, e);
            }
        }
        throw new IllegalArgumentException("erdos_renyi: no connected graph in 1000 draws with n=" + n + ", p=" + p);
    }

    /** A random geometric graph: {@code n} uniform points in the unit square, joined within {@code radius}. */
    public static Topology randomGeometric(int n, double radius, RandomStream rng) {
        requireNodes("random_geometric", n, 2);
        for (int attempt = 0; attempt < 1000; attempt++) {
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.uniform();
                y[i] = rng.uniform();
            }
            List<int[]> e = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (Math.hypot(x[i] - x[j], y[i] - y[j]) <= radius) {
                        e.add(new int[] {i, j});
                    }
                }
            }
            if (isConnected(n, e)) {
                return new Topology("random_geometric(n=" + n + ", radius=" + radius + ")", n, e);
            }
        }
        throw new IllegalArgumentException("random_geometric: no connected graph in 1000 draws with n=" + n
                + ", radius=" + radius);
    }

    private static void requireNodes(String what, int n, int min) {
        if (n < min) {
            throw new IllegalArgumentException(what + ": needs at least " + min + " nodes, got " + n);
        }
    }

    /** The number of nodes. */
    public int nodes() {
        return nodes;
    }

    /** The number of edges. */
    public int edgeCount() {
        return edges.length;
    }

    /** Edge {@code k} as {@code {i, j}} with {@code i < j}. */
    public int[] edge(int k) {
        return edges[k].clone();
    }

    /** Each node's degree. */
    public int[] degrees() {
        int[] d = new int[nodes];
        for (int[] e : edges) {
            d[e[0]]++;
            d[e[1]]++;
        }
        return d;
    }

    /** The graph Laplacian {@code D - A}, {@code [n, n]}. */
    public Tensor laplacian() {
        double[] l = new double[nodes * nodes];
        for (int[] e : edges) {
            l[e[0] * nodes + e[0]] += 1;
            l[e[1] * nodes + e[1]] += 1;
            l[e[0] * nodes + e[1]] -= 1;
            l[e[1] * nodes + e[0]] -= 1;
        }
        return Tensor.of(l, nodes, nodes);
    }

    /**
     * DADAO's graph constants for the "probability Laplacian" {@code L_norm = Laplacian / |E|}: {@code chi1 = 1 /
     * lambda_min^+(L_norm)} and {@code chi2 = max over edges (i, j) of 1/2 (e_i - e_j)^T L_norm^+ (e_i - e_j)}.
     */
    public double[] chi() {
        EigenDecomposition eig = Linalg.eigh(laplacian().mul(1.0 / edges.length));
        double[] values = eig.values().data();
        double[] vectors = eig.vectors().data();
        double tol = 1e-10 * Math.max(1.0, values[nodes - 1]);
        double smallest = Double.POSITIVE_INFINITY;
        for (double v : values) {
            if (v > tol) {
                smallest = Math.min(smallest, v);
            }
        }
        double chi2 = 0;
        for (int[] e : edges) {
            double q = 0;
            for (int k = 0; k < nodes; k++) {
                if (values[k] > tol) {
                    double proj = vectors[e[0] * nodes + k] - vectors[e[1] * nodes + k];
                    q += proj * proj / values[k];
                }
            }
            chi2 = Math.max(chi2, 0.5 * q);
        }
        return new double[] {1.0 / smallest, chi2};
    }

    private boolean connected() {
        return isConnected(nodes, List.of(edges));
    }

    private static boolean isConnected(int n, List<int[]> edges) {
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        int components = n;
        for (int[] e : edges) {
            int a = find(parent, e[0]);
            int b = find(parent, e[1]);
            if (a != b) {
                parent[a] = b;
                components--;
            }
        }
        return components == 1;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    @Override
    public String toString() {
        return name;
    }
}
