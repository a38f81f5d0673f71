package dev.gradus.distributed.gossip;

import dev.gradus.tensor.RandomStream;

/**
 * Heterogeneous quadratics {@code f_i(x) = 1/2 ||x - c_i||^2} with centres {@code c_i ~ N(0, spread^2 I)}: the
 * robustness toy of the MoNNA digest, whose honest optimum is the mean of the centres.
 */
public final class Quadratics implements LocalObjectives {
    private final double[][] centres;

    private Quadratics(double[][] centres) {
        this.centres = centres;
    }

    /** {@code n} nodes in dimension {@code d}, centres drawn with standard deviation {@code spread}. */
    public static Quadratics of(int n, int d, double spread, RandomStream rng) {
        double[][] c = new double[n][d];
        for (double[] row : c) {
            for (int j = 0; j < d; j++) {
                row[j] = spread * rng.normal();
            }
        }
        return new Quadratics(c);
    }

    @Override
    public int nodes() {
        return centres.length;
    }

    @Override
    public int dimension() {
        return centres[0].length;
    }

    @Override
    public double gradient(int node, double[] x, double[] grad) {
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            grad[j] = x[j] - centres[node][j];
            s += grad[j] * grad[j];
        }
        return 0.5 * s;
    }

    /** The minimiser of the sum over the first {@code k} nodes: the mean of their centres. */
    public double[] optimum(int k) {
        double[] m = new double[dimension()];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < m.length; j++) {
                m[j] += centres[i][j] / k;
            }
        }
        return m;
    }

    @Override
    public double[] optimum() {
        return optimum(centres.length);
    }
}
