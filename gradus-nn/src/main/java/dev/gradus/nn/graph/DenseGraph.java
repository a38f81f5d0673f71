package dev.gradus.nn.graph;

import java.util.Arrays;

/**
 * A simple undirected graph on {@code n} nodes as a dense 0/1 adjacency matrix, row-major
 * ({@code adjacency[i·n + j]}), symmetric with a zero diagonal. The array is copied in and out, so a graph is
 * immutable.
 */
public final class DenseGraph {
    private final int n;
    private final double[] adjacency;

    private DenseGraph(int n, double[] adjacency) {
        this.n = n;
        this.adjacency = adjacency;
    }

    /**
     * The graph of a symmetric 0/1 matrix with a zero diagonal; anything else is an error naming the entry.
     *
     * @param n the number of nodes, at least 1
     * @param adjacency {@code n·n} entries, row-major
     */
    public static DenseGraph of(int n, double[] adjacency) {
        if (n < 1) {
            throw new IllegalArgumentException("DenseGraph: n must be at least 1, got " + n);
        }
        if (adjacency == null || adjacency.length != n * n) {
            throw new IllegalArgumentException("DenseGraph: adjacency must have n·n = " + n * n + " entries, got "
                    + (adjacency == null ? "null" : adjacency.length));
        }
        for (int i = 0; i < n; i++) {
            if (adjacency[i * n + i] != 0.0) {
                throw new IllegalArgumentException("DenseGraph: self loop at node " + i);
            }
            for (int j = i + 1; j < n; j++) {
                double a = adjacency[i * n + j];
                if ((a != 0.0 && a != 1.0) || a != adjacency[j * n + i]) {
                    throw new IllegalArgumentException("DenseGraph: entries (" + i + "," + j + ") and (" + j + ","
                            + i + ") must be equal and 0 or 1, got " + a + " and " + adjacency[j * n + i]);
                }
            }
        }
        return new DenseGraph(n, adjacency.clone());
    }

    /**
     * The graph of a real symmetric matrix thresholded at {@code threshold} (GDSS quantizes sampled adjacencies
     * at 0.5): an edge {@code i–j}, {@code i < j}, where the upper-triangle entry exceeds the threshold. The
     * diagonal and lower triangle are ignored.
     */
    public static DenseGraph quantize(int n, double[] values, int offset, int stride, double threshold) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (values[offset + i * stride + j] > threshold) {
                    a[i * n + j] = 1.0;
                    a[j * n + i] = 1.0;
                }
            }
        }
        return new DenseGraph(n, a);
    }

    /** The number of nodes. */
    public int nodes() {
        return n;
    }

    /** A copy of the adjacency matrix, row-major. */
    public double[] adjacency() {
        return adjacency.clone();
    }

    /** Whether nodes {@code i} and {@code j} are joined. */
    public boolean edge(int i, int j) {
        return adjacency[i * n + j] != 0.0;
    }

    /** The number of edges. */
    public int edgeCount() {
        int e = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                e += adjacency[i * n + j] != 0.0 ? 1 : 0;
            }
        }
        return e;
    }

    /** The degree of each node. */
    public int[] degrees() {
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i] += adjacency[i * n + j] != 0.0 ? 1 : 0;
            }
        }
        return d;
    }

    /**
     * The graph with its isolated nodes removed, as GDSS does before evaluating generated graphs; a graph with no
     * edges becomes a single node (GDSS adds one node to an empty graph).
     */
    public DenseGraph withoutIsolatedNodes() {
        int[] d = degrees();
        int[] keep = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (d[i] > 0) {
                keep[m++] = i;
            }
        }
        if (m == n) {
            return this;
        }
        if (m == 0) {
            return new DenseGraph(1, new double[1]);
        }
        double[] a = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                a[i * m + j] = adjacency[keep[i] * n + keep[j]];
            }
        }
        return new DenseGraph(m, a);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseGraph g && g.n == n && Arrays.equals(g.adjacency, adjacency);
    }

    @Override
    public int hashCode() {
        return 31 * n + Arrays.hashCode(adjacency);
    }

    @Override
    public String toString() {
        return "DenseGraph(n=" + n + ", edges=" + edgeCount() + ")";
    }
}
