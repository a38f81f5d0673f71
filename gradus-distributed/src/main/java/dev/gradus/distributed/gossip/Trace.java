package dev.gradus.distributed.gossip;

import java.util.ArrayList;
import java.util.List;

/**
 * What a decentralised run records at regular times: the continuous time, the gradient and communication events
 * so far, and the mean distance of the nodes' iterates to the optimum {@code (1/n) sum_i ||x_i - x*||}.
 */
public final class Trace {
    private final List<double[]> rows = new ArrayList<>();

    /** Records one point. */
    public void add(double time, long gradients, long communications, double error) {
        rows.add(new double[] {time, gradients, communications, error});
    }

    /** The number of points. */
    public int size() {
        return rows.size();
    }

    /** Column {@code c} (0 time, 1 gradient events, 2 communications, 3 error). */
    public double[] column(int c) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[c];
        }
        return out;
    }

    /** The first point whose error is at most {@code eps}: {@code {time, gradients, communications, error}}, or null. */
    public double[] firstBelow(double eps) {
        for (double[] r : rows) {
            if (r[3] <= eps) {
                return r.clone();
            }
        }
        return null;
    }

    /** The last point. */
    public double[] last() {
        return rows.get(rows.size() - 1).clone();
    }

    /** The mean distance to {@code optimum} of the rows of {@code x} ({@code n x d}). */
    static double error(double[][] x, double[] optimum) {
        double s = 0;
        for (double[] xi : x) {
            double q = 0;
            for (int c = 0; c < xi.length; c++) {
                double dv = xi[c] - optimum[c];
                q += dv * dv;
            }
            s += Math.sqrt(q);
        }
        return s / x.length;
    }
}
