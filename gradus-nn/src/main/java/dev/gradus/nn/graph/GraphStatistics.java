package dev.gradus.nn.graph;

/**
 * The graph statistics compared by GraphRNN's and GDSS's MMD evaluation: the degree histogram
 * ({@code networkx.degree_histogram}) and the histogram of local clustering coefficients
 * ({@code networkx.clustering}, 100 bins on [0, 1]).
 */
public final class GraphStatistics {
    /** The number of clustering bins GraphRNN and GDSS use. */
    public static final int CLUSTERING_BINS = 100;

    private GraphStatistics() {}

    /** Counts of nodes by degree: entry {@code k} is the number of nodes of degree {@code k}, up to the maximum. */
    public static double[] degreeHistogram(DenseGraph g) {
        int[] d = g.degrees();
        int max = 0;
        for (int v : d) {
            max = Math.max(max, v);
        }
        double[] h = new double[max + 1];
        for (int v : d) {
            h[v]++;
        }
        return h;
    }

    /**
     * The local clustering coefficient of each node: {@code T_i / (d_i (d_i − 1) / 2)} with {@code T_i} the
     * triangles through {@code i}, and 0 for degree below 2 (networkx's convention).
     */
    public static double[] clustering(DenseGraph g) {
        int n = g.nodes();
        double[] a = g.adjacency();
        int[] d = g.degrees();
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            if (d[i] < 2) {
                continue;
            }
            int t = 0;
            for (int j = 0; j < n; j++) {
                if (a[i * n + j] == 0.0) {
                    continue;
                }
                for (int k = j + 1; k < n; k++) {
                    if (a[i * n + k] != 0.0 && a[j * n + k] != 0.0) {
                        t++;
                    }
                }
            }
            c[i] = t / (d[i] * (d[i] - 1) / 2.0);
        }
        return c;
    }

    /**
     * Counts of clustering coefficients in {@code bins} equal bins on [0, 1], as {@code numpy.histogram} counts
     * them (the last bin is closed, so a coefficient of 1 falls into it).
     */
    public static double[] clusteringHistogram(DenseGraph g, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("GraphStatistics: bins must be at least 1, got " + bins);
        }
        double[] h = new double[bins];
        for (double c : clustering(g)) {
            int b = Math.min(bins - 1, (int) Math.floor(c * bins));
            h[b]++;
        }
        return h;
    }
}
