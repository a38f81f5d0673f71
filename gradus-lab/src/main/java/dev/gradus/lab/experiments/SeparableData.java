package dev.gradus.lab.experiments;

import dev.gradus.tensor.RandomStream;

/**
 * Linearly separable binary data for the logistic-regression experiments: n points {@code a_i} in R^d (row-major
 * n x d) with labels {@code y_i} in {-1, +1}.
 */
final class SeparableData {
    final int n;
    final int d;
    final double[] a;
    final double[] y;

    private SeparableData(int n, int d, double[] a, double[] y) {
        this.n = n;
        this.d = d;
        this.a = a;
        this.y = y;
    }

    /**
     * The worst case of Tyurin (AAAI 2025), Theorem 5.1: one point (0.5, -1) labelled +1 and n - 1 copies of
     * (-0.5, -1) labelled -1. Separable through the origin with margin about 1/sqrt(5), yet LR+GD needs Omega(n)
     * iterations on it.
     */
    static SeparableData worstCase(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("worstCase: need n >= 2 points, got " + n);
        }
        double[] a = new double[2 * n];
        double[] y = new double[n];
        a[0] = 0.5;
        a[1] = -1;
        y[0] = 1;
        for (int i = 1; i < n; i++) {
            a[2 * i] = -0.5;
            a[2 * i + 1] = -1;
            y[i] = -1;
        }
        return new SeparableData(n, 2, a, y);
    }

    /** Gaussian points a_i ~ N(0, I_d) labelled by a random hyperplane through the origin: y_i = sign(a_i . w). */
    static SeparableData gaussian(int n, int d, RandomStream rng) {
        double[] w = new double[d];
        rng.fork("hyperplane").fillNormal(w);
        double[] a = new double[n * d];
        rng.fork("points").fillNormal(a);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += a[i * d + j] * w[j];
            }
            y[i] = s >= 0 ? 1 : -1;
        }
        return new SeparableData(n, d, a, y);
    }

    /** Writes the margins {@code y_i a_i . theta} into {@code out}. */
    void margins(double[] theta, double[] out) {
        for (int i = 0; i < n; i++) {
            double s = 0;
            int row = i * d;
            for (int j = 0; j < d; j++) {
                s += a[row + j] * theta[j];
            }
            out[i] = y[i] * s;
        }
    }
}
