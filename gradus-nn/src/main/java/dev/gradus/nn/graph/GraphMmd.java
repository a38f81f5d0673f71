package dev.gradus.nn.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Squared maximum mean discrepancy between two sets of graphs on a histogram statistic, as GraphRNN (You et
 * al., 2018) computes it and GDSS reports it: each histogram is normalised to sum 1, compared by the Gaussian
 * EMD kernel
 * <pre>
 *   k(x, y) = exp(−EMD(x, y)² / (2σ²)),   EMD(x, y) = Σ_k |F_x(k) − F_y(k)| / scale
 * </pre>
 * (the earth mover's distance between 1-D histograms with ground distance {@code |i − j| / scale}, which is the
 * L1 distance of their cumulative sums), and
 * <pre>
 *   MMD² = mean_{x,x'} k(x, x') + mean_{y,y'} k(y, y') − 2 mean_{x,y} k(x, y)
 * </pre>
 * over all pairs, each graph paired with itself included (GraphRNN's biased V-statistic, which GDSS's numbers
 * use). Defaults as in GraphRNN's {@code degree_stats} ({@code σ = 1}, scale 1) and {@code clustering_stats}
 * ({@code σ = 0.1}, scale = 100 bins). The GDSS code ({@code utils/loader.py: load_eval_settings}) uses
 * {@code gaussian_emd} for both degree and clustering; this is that kernel, not the Gaussian TV variant.
 */
public final class GraphMmd {
    private GraphMmd() {}

    /** The degree MMD² (Gaussian EMD kernel, {@code σ = 1}). */
    public static double degree(List<DenseGraph> reference, List<DenseGraph> generated) {
        return mmd(histograms(reference, false), histograms(generated, false), 1.0, 1.0);
    }

    /** The clustering MMD² (100 bins, Gaussian EMD kernel, {@code σ = 0.1}, ground distance in units of [0, 1]). */
    public static double clustering(List<DenseGraph> reference, List<DenseGraph> generated) {
        return mmd(histograms(reference, true), histograms(generated, true), 0.1, GraphStatistics.CLUSTERING_BINS);
    }

    private static List<double[]> histograms(List<DenseGraph> graphs, boolean clustering) {
        if (graphs == null || graphs.isEmpty()) {
            throw new IllegalArgumentException("GraphMmd: a graph set is empty");
        }
        List<double[]> out = new ArrayList<>(graphs.size());
        for (DenseGraph g : graphs) {
            out.add(clustering ? GraphStatistics.clusteringHistogram(g, GraphStatistics.CLUSTERING_BINS)
                    : GraphStatistics.degreeHistogram(g));
        }
        return out;
    }

    /** The squared MMD of two sets of histograms (each normalised to sum 1 here) under the Gaussian EMD kernel. */
    public static double mmd(List<double[]> x, List<double[]> y, double sigma, double scale) {
        if (x.isEmpty() || y.isEmpty()) {
            throw new IllegalArgumentException("GraphMmd: both histogram sets must be non-empty, got " + x.size()
                    + " and " + y.size());
        }
        if (!(sigma > 0) || !(scale > 0)) {
            throw new IllegalArgumentException("GraphMmd: sigma and scale must be > 0, got " + sigma + ", " + scale);
        }
        List<double[]> nx = normalised(x);
        List<double[]> ny = normalised(y);
        return meanKernel(nx, nx, sigma, scale) + meanKernel(ny, ny, sigma, scale)
                - 2 * meanKernel(nx, ny, sigma, scale);
    }

    /** {@code exp(−EMD² / (2σ²))} of two normalised histograms, padded with zeros to a common length. */
    public static double gaussianEmd(double[] x, double[] y, double sigma, double scale) {
        double emd = emd(x, y) / scale;
        return Math.exp(-emd * emd / (2 * sigma * sigma));
    }

    /** The 1-D earth mover's distance with unit bin spacing: the L1 distance between cumulative sums. */
    public static double emd(double[] x, double[] y) {
        int len = Math.max(x.length, y.length);
        double fx = 0;
        double fy = 0;
        double d = 0;
        for (int k = 0; k < len; k++) {
            fx += k < x.length ? x[k] : 0.0;
            fy += k < y.length ? y[k] : 0.0;
            d += Math.abs(fx - fy);
        }
        return d;
    }

    private static double meanKernel(List<double[]> a, List<double[]> b, double sigma, double scale) {
        double s = 0;
        for (double[] u : a) {
            for (double[] v : b) {
                s += gaussianEmd(u, v, sigma, scale);
            }
        }
        return s / ((double) a.size() * b.size());
    }

    private static List<double[]> normalised(List<double[]> hs) {
        List<double[]> out = new ArrayList<>(hs.size());
        for (double[] h : hs) {
            double s = 0;
            for (double v : h) {
                if (!(v >= 0)) {
                    throw new IllegalArgumentException("GraphMmd: histogram entries must be >= 0, got " + v);
                }
                s += v;
            }
            if (!(s > 0)) {
                throw new IllegalArgumentException("GraphMmd: a histogram has zero mass");
            }
            double[] o = new double[h.length];
            for (int k = 0; k < h.length; k++) {
                o[k] = h[k] / s;
            }
            out.add(o);
        }
        return out;
    }
}
