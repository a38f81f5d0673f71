package dev.gradus.nn.graph;

import dev.gradus.tensor.Tensor;
import java.util.List;

/**
 * A batch of graphs padded to {@code N} nodes: node features {@code [B, N, F]}, adjacency {@code [B, N, N]}, one
 * diffusion time per graph and a node mask {@code [B, N]} (1 for a real node, 0 for padding; GDSS's "flags").
 * The score networks read it packed into one tensor {@code [B, N, F + N + 2]} ({@link #pack}): features, then
 * adjacency rows, then the graph's time, then the node's mask entry, so that a network is a {@code Module} with a
 * single input.
 *
 * @param features {@code [B, N, F]}
 * @param adjacency {@code [B, N, N]}
 * @param times the diffusion time of each graph, length {@code B}
 * @param mask {@code [B, N]}
 */
public record GraphBatch(Tensor features, Tensor adjacency, double[] times, Tensor mask) {

    /** Checks the shapes against each other. */
    public GraphBatch {
        if (features == null || adjacency == null || times == null || mask == null) {
            throw new IllegalArgumentException("GraphBatch: features, adjacency, times and mask are all required");
        }
        if (features.rank() != 3 || adjacency.rank() != 3 || mask.rank() != 2) {
            throw new IllegalArgumentException("GraphBatch: need features [B, N, F], adjacency [B, N, N] and mask "
                    + "[B, N], got ranks " + features.rank() + ", " + adjacency.rank() + ", " + mask.rank());
        }
        int b = features.dim(0);
        int n = features.dim(1);
        if (adjacency.dim(0) != b || adjacency.dim(1) != n || adjacency.dim(2) != n || mask.dim(0) != b
                || mask.dim(1) != n || times.length != b) {
            throw new IllegalArgumentException("GraphBatch: shapes disagree: features "
                    + java.util.Arrays.toString(features.shape()) + ", adjacency "
                    + java.util.Arrays.toString(adjacency.shape()) + ", mask " + java.util.Arrays.toString(mask.shape())
                    + ", " + times.length + " times");
        }
    }

    /** The number of graphs {@code B}. */
    public int size() {
        return features.dim(0);
    }

    /** The padded node count {@code N}. */
    public int nodes() {
        return features.dim(1);
    }

    /** The feature count {@code F}. */
    public int featureCount() {
        return features.dim(2);
    }

    /**
     * Clean graphs with one-hot degree features (GDSS's {@code init: deg}): node {@code i} gets a 1 in column
     * {@code min(degree, F − 1)}; padding rows are zero; times are 0.
     */
    public static GraphBatch ofGraphs(List<DenseGraph> graphs, int maxNodes, int featureCount) {
        if (graphs == null || graphs.isEmpty()) {
            throw new IllegalArgumentException("GraphBatch: no graphs");
        }
        if (featureCount < 1) {
            throw new IllegalArgumentException("GraphBatch: featureCount must be at least 1, got " + featureCount);
        }
        int b = graphs.size();
        double[] x = new double[b * maxNodes * featureCount];
        double[] a = new double[b * maxNodes * maxNodes];
        double[] m = new double[b * maxNodes];
        for (int g = 0; g < b; g++) {
            DenseGraph graph = graphs.get(g);
            int n = graph.nodes();
            if (n > maxNodes) {
                throw new IllegalArgumentException("GraphBatch: graph " + g + " has " + n + " nodes, more than maxNodes = "
                        + maxNodes);
            }
            int[] d = graph.degrees();
            for (int i = 0; i < n; i++) {
                m[g * maxNodes + i] = 1.0;
                x[(g * maxNodes + i) * featureCount + Math.min(d[i], featureCount - 1)] = 1.0;
                for (int j = 0; j < n; j++) {
                    a[(g * maxNodes + i) * maxNodes + j] = graph.edge(i, j) ? 1.0 : 0.0;
                }
            }
        }
        return new GraphBatch(Tensor.of(x, b, maxNodes, featureCount), Tensor.of(a, b, maxNodes, maxNodes),
                new double[b], Tensor.of(m, b, maxNodes));
    }

    /** The same graphs with other features, adjacency and times (the mask is kept). */
    public GraphBatch with(Tensor newFeatures, Tensor newAdjacency, double[] newTimes) {
        return new GraphBatch(newFeatures, newAdjacency, newTimes, mask);
    }

    /** The node mask broadcast over features, {@code [B, N, F]}. */
    public Tensor featureMask() {
        int b = size(), n = nodes(), f = featureCount();
        double[] out = new double[b * n * f];
        double[] m = mask.data();
        for (int r = 0; r < b * n; r++) {
            if (m[r] != 0.0) {
                java.util.Arrays.fill(out, r * f, (r + 1) * f, m[r]);
            }
        }
        return Tensor.of(out, b, n, f);
    }

    /** The mask of node pairs {@code m_i m_j (1 − δ_ij)}, {@code [B, N, N]}: real off-diagonal entries. */
    public Tensor pairMask() {
        return pairMask(mask);
    }

    /** {@code m_i m_j (1 − δ_ij)} of a node mask {@code [B, N]}, as {@code [B, N, N]}. */
    public static Tensor pairMask(Tensor mask) {
        int b = mask.dim(0), n = mask.dim(1);
        double[] m = mask.data();
        double[] out = new double[b * n * n];
        for (int g = 0; g < b; g++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i != j) {
                        out[(g * n + i) * n + j] = m[g * n + i] * m[g * n + j];
                    }
                }
            }
        }
        return Tensor.of(out, b, n, n);
    }

    /** The packed input of the score networks, {@code [B, N, F + N + 2]}. */
    public Tensor pack() {
        int b = size(), n = nodes(), f = featureCount();
        int w = f + n + 2;
        double[] out = new double[b * n * w];
        double[] x = features.data();
        double[] a = adjacency.data();
        double[] m = mask.data();
        for (int g = 0; g < b; g++) {
            for (int i = 0; i < n; i++) {
                int r = g * n + i;
                System.arraycopy(x, r * f, out, r * w, f);
                System.arraycopy(a, r * n, out, r * w + f, n);
                out[r * w + f + n] = times[g];
                out[r * w + f + n + 1] = m[r];
            }
        }
        return Tensor.of(out, b, n, w);
    }
}
