package dev.gradus.optim.bcd;

import dev.gradus.tensor.RandomStream;

/**
 * The least-squares test problem "Dataset A" of Nutini et al. (2017), "Let's make block coordinate descent go
 * fast", as the digest builds it: a sparse design whose columns have widely different scales, which is what
 * makes greedy and Lipschitz-aware selection pay off.
 * <pre>
 *   s_j ~ 10 N(0, 1)                                  column scale
 *   A_kj = (N(0, 1) + 1) s_j  with probability min(1, 10 log(m) / m), else 0
 *   w*_j ~ N(0, 1)  with probability 0.1, else 0
 *   b = A w* + N(0, I)
 * </pre>
 */
public final class DatasetA {
    private DatasetA() {}

    /** The design {@code A}, {@code rows × cols}, drawn from {@code rng}. */
    public static double[][] design(int rows, int cols, RandomStream rng) {
        double keep = Math.min(1.0, 10 * Math.log(rows) / rows);
        double[] scale = new double[cols];
        for (int j = 0; j < cols; j++) {
            scale[j] = 10 * rng.normal();
        }
        double[][] a = new double[rows][cols];
        for (int k = 0; k < rows; k++) {
            for (int j = 0; j < cols; j++) {
                double v = (rng.normal() + 1) * scale[j];
                a[k][j] = rng.bernoulli(keep) ? v : 0.0;
            }
        }
        return a;
    }

    /** The targets {@code b = A w* + N(0, I)} for the design {@code a}, with {@code w*} 10% dense. */
    public static double[] targets(double[][] a, RandomStream rng) {
        int cols = a[0].length;
        double[] w = new double[cols];
        for (int j = 0; j < cols; j++) {
            w[j] = rng.bernoulli(0.1) ? rng.normal() : 0.0;
        }
        double[] y = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            double s = rng.normal();
            for (int j = 0; j < cols; j++) {
                s += a[k][j] * w[j];
            }
            y[k] = s;
        }
        return y;
    }
}
