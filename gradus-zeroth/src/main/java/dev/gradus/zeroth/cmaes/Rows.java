package dev.gradus.zeroth.cmaes;

/**
 * The few loops over a contiguous stretch of an array that CMA-ES's update and its eigendecomposition spend their
 * time in. They are separate small methods because a short run (a third of a second for 36,000 evaluations) mostly
 * executes before the JIT's optimising compiler has reached its big methods: a small method that is called often is
 * compiled early, and its callers' loops, which are short, then call compiled code. Each computes its elements in
 * the order and with the operations its callers had inline, so the bits are theirs.
 */
final class Rows {
    private Rows() {}

    /** {@code y[yo + k] += a · x[xo + k]} for {@code k < len}. */
    static void axpy(double a, double[] x, int xo, double[] y, int yo, int len) {
        for (int k = 0; k < len; k++) {
            y[yo + k] += a * x[xo + k];
        }
    }

    /** {@code Σ_k x[xo + k] · y[yo + k]} for {@code k < len}, k ascending, starting from {@code start}. */
    static double dot(double start, double[] x, int xo, double[] y, int yo, int len) {
        double s = start;
        for (int k = 0; k < len; k++) {
            s += x[xo + k] * y[yo + k];
        }
        return s;
    }

    /** {@code y[yo + k] -= a · x[o + k] + b · z[o + k]} for {@code k < len}: a row of a symmetric rank-two update. */
    static void subtractRankTwo(double a, double[] x, double b, double[] z, int o, double[] y, int yo, int len) {
        for (int k = 0; k < len; k++) {
            y[yo + k] -= a * x[o + k] + b * z[o + k];
        }
    }
}
