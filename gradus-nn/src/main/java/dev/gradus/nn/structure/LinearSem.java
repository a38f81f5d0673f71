package dev.gradus.nn.structure;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * Samples of a linear SEM with equal-variance Gaussian noise, {@code x_j = Σ_i x_i W_ij + e_j}, {@code e_j ~ N(0, σ²)},
 * node by node in topological order ({@code simulate_linear_sem} of {@code xunzheng/notears}, "gauss"). Equal
 * variances make the DAG identifiable from the least-squares score.
 */
public final class LinearSem {
    private LinearSem() {}

    /** {@code n} samples {@code [n, d]} of the SEM with DAG weights {@code w} and noise scale {@code sigma}. */
    public static Tensor sample(double[] w, int d, int n, double sigma, RandomStream rng) {
        int[] order = Dags.topologicalOrder(w, d);
        if (order == null) {
            throw new IllegalArgumentException("LinearSem: the weight matrix is not a DAG");
        }
        if (n < 1 || !(sigma >= 0)) {
            throw new IllegalArgumentException("LinearSem: need n >= 1 and sigma >= 0, got n=" + n + ", sigma=" + sigma);
        }
        double[] x = new double[n * d];
        for (int r = 0; r < n; r++) {
            int o = r * d;
            for (int j : order) {
                double v = sigma * rng.normal();
                for (int i = 0; i < d; i++) {
                    double wij = w[i * d + j];
                    if (wij != 0) {
                        v += x[o + i] * wij;
                    }
                }
                x[o + j] = v;
            }
        }
        return Tensor.of(x, n, d);
    }
}
