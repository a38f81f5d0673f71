package dev.gradus.nn.convex;

/**
 * The convex program of two-layer ReLU training over sampled activation patterns (Pilanci and Ergen 2020,
 * as written by Bai, Gautam, Sojoudi, eq. 2.3):
 * <pre>
 *   minimize_{v_i, w_i}  ½‖Σ_i D_i X (v_i − w_i) − y‖² + β Σ_i (‖v_i‖ + ‖w_i‖)
 *   subject to           (2D_i − I) X v_i ≥ 0,   (2D_i − I) X w_i ≥ 0,       i = 1..P
 * </pre>
 * The constraints say that {@code X v_i} has the sign pattern {@code D_i}, so that {@code D_i X v_i =
 * relu(X v_i)}: each nonzero block is one ReLU neuron ({@link ConvexReluSolution#toNetwork()}). Its optimum is
 * the global optimum of the network with weight decay {@code β/2} only over the sampled patterns.
 *
 * <p>Variables are stored as {@code 2P} blocks of {@code d}: block {@code i < P} is {@code v_i}, block
 * {@code P + i} is {@code w_i}.
 *
 * @param x the data, {@code n × d} (add a constant column for a bias)
 * @param y the targets, {@code n}
 * @param beta the group-lasso weight {@code β ≥ 0}
 * @param patterns the activation patterns {@code D_i}, over the {@code n} samples
 */
public record ConvexReluProgram(double[][] x, double[] y, double beta, ActivationPatterns patterns) {

    /** Checks the shapes and {@code β}. */
    public ConvexReluProgram {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("convex relu: x has " + x.length + " rows, y has " + y.length
                    + " entries; they must agree and be nonzero");
        }
        for (int k = 1; k < x.length; k++) {
            if (x[k].length != x[0].length) {
                throw new IllegalArgumentException("convex relu: row " + k + " of x has " + x[k].length
                        + " features, row 0 has " + x[0].length);
            }
        }
        if (!(beta >= 0.0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("convex relu: beta must be finite and >= 0, got " + beta);
        }
        if (patterns.count() == 0) {
            throw new IllegalArgumentException("convex relu: no activation patterns");
        }
        if (patterns.mask(0).length != x.length) {
            throw new IllegalArgumentException("convex relu: the patterns cover " + patterns.mask(0).length
                    + " samples, x has " + x.length);
        }
    }

    /** {@code n}. */
    public int samples() {
        return x.length;
    }

    /** {@code d}. */
    public int features() {
        return x[0].length;
    }

    /** {@code P}. */
    public int patternCount() {
        return patterns.count();
    }

    /** The predictions {@code Σ_i D_i X (v_i − w_i)} of the stacked variables {@code u} ({@code 2P·d}). */
    public double[] predict(double[] u) {
        int n = samples();
        int d = features();
        int p = patternCount();
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            double s = 0.0;
            for (int i = 0; i < p; i++) {
                if (patterns.active(i, k)) {
                    int ov = i * d;
                    int ow = (p + i) * d;
                    for (int c = 0; c < d; c++) {
                        s += x[k][c] * (u[ov + c] - u[ow + c]);
                    }
                }
            }
            out[k] = s;
        }
        return out;
    }

    /** The convex objective at {@code u}. */
    public double objective(double[] u) {
        double[] f = predict(u);
        double loss = 0.0;
        for (int k = 0; k < f.length; k++) {
            double r = f[k] - y[k];
            loss += 0.5 * r * r;
        }
        int d = features();
        double reg = 0.0;
        for (int j = 0; j < 2 * patternCount(); j++) {
            reg += blockNorm(u, j, d);
        }
        return loss + beta * reg;
    }

    /** The largest constraint violation {@code max(0, −((2D_i − I) X u_j)_k)} over blocks and samples. */
    public double constraintViolation(double[] u) {
        int n = samples();
        int d = features();
        int p = patternCount();
        double worst = 0.0;
        for (int j = 0; j < 2 * p; j++) {
            int i = j % p;
            for (int k = 0; k < n; k++) {
                double s = 0.0;
                for (int c = 0; c < d; c++) {
                    s += x[k][c] * u[j * d + c];
                }
                double signed = patterns.active(i, k) ? s : -s;
                worst = Math.max(worst, -signed);
            }
        }
        return worst;
    }

    static double blockNorm(double[] u, int block, int d) {
        double s = 0.0;
        for (int c = 0; c < d; c++) {
            double v = u[block * d + c];
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
