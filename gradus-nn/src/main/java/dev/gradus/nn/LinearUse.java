package dev.gradus.nn;

import dev.gradus.optim.kernel.Chunks;
import dev.gradus.tensor.Blas;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;

/**
 * The weight of a linear map on the last axis, {@code Y = X W^T} ({@link PerSampleTap#linear}): per example
 * {@code i} and head {@code h}, with {@code X_i} its {@code [T, in]} positions and {@code G_i} the output
 * gradient {@code [T, out]},
 * <pre>
 *   g_i = G_i^T X_i                                   [out, in]
 *   ||g_i||^2 = ||G_i||^2 ||X_i||^2                    T = 1
 *   ||g_i||^2 = &lt;G_i G_i^T, X_i X_i^T&gt;                  T &gt; 1 and T (in + out) &lt;= in out  (ghost norm)
 *   sum_i w_i g_i = (diag(w) G)^T X                    one product over all B*T rows
 *   sum_i w_i g_i^2 = (G^2)^T diag(w) X^2                T = 1, elementwise squares
 * </pre>
 * (Goodfellow 2015; Li et al. 2022, "Large language models can be strong differentially private learners", for
 * the sequence form and the choice between the ghost norm and forming {@code g_i}, which is done when it is
 * cheaper). Every product goes through {@link Blas#dgemm}.
 */
final class LinearUse extends PerSampleUse {
    private final Probe probe;
    private final double[] x;
    private final int heads;
    private final int inputHeads;
    private final int tokens;
    private final int in;
    private final int out;

    /**
     * @param x the input, laid out {@code [B, inputHeads, tokens, in]}
     * @param heads the number of weight matrices (1 for a plain {@code [out, in]} weight)
     * @param inputHeads 1 when every head reads the same input, else {@code heads}
     */
    LinearUse(Probe probe, Tensor x, int batch, int heads, int inputHeads, int tokens, int in, int out) {
        super(batch, heads * out * in);
        this.probe = probe;
        this.x = x.data();
        this.heads = heads;
        this.inputHeads = inputHeads;
        this.tokens = tokens;
        this.in = in;
        this.out = out;
    }

    private int gradOffset(int i, int h) {
        return (i * heads + h) * tokens * out;
    }

    private int inputOffset(int i, int h) {
        return (i * inputHeads + (inputHeads == 1 ? 0 : h)) * tokens * in;
    }

    @Override
    void accumulate(int example, double factor, double[] dst, int offset) {
        product(example, factor, dst, offset, true);
    }

    /**
     * For {@code T = 1} the examples are written on every core ({@link Chunks#runTasks}): each is a plain store
     * stream of {@code out * in} doubles that one core cannot issue at the memory's speed, and each example
     * writes only its own slot, so the bits do not depend on the threads. Products through {@link Blas} stay
     * in the calling thread, which leaves their threading to the BLAS.
     */
    @Override
    void writeAll(double[] dst) {
        if (tokens == 1) {
            Chunks.runTasks(batch, size, (from, to) -> {
                for (int i = from; i < to; i++) {
                    product(i, 1.0, dst, i * size, false);
                }
            });
            return;
        }
        for (int i = 0; i < batch; i++) {
            product(i, 1.0, dst, i * size, false);
        }
    }

    /** {@code factor * g_example} added into or written over {@code dst}. */
    private void product(int example, double factor, double[] dst, int offset, boolean add) {
        double[] g = probe.grad.data();
        for (int h = 0; h < heads; h++) {
            int go = gradOffset(example, h);
            int xo = inputOffset(example, h);
            int d = offset + h * out * in;
            if (tokens == 1) { // a rank-one update; rows with a zero output gradient (ReLU) are skipped
                for (int o = 0; o < out; o++) {
                    double a = factor * g[go + o];
                    int row = d + o * in;
                    if (a == 0.0) {
                        if (!add) {
                            Arrays.fill(dst, row, row + in, 0.0);
                        }
                        continue;
                    }
                    if (add) {
                        for (int j = 0; j < in; j++) {
                            dst[row + j] += a * x[xo + j];
                        }
                    } else {
                        for (int j = 0; j < in; j++) {
                            dst[row + j] = a * x[xo + j];
                        }
                    }
                }
            } else {
                Blas.dgemm(true, false, out, in, tokens, factor, g, go, out, x, xo, in, add ? 1.0 : 0.0, dst, d, in);
            }
        }
    }

    @Override
    void addSquaredNorms(double[] acc) {
        double[] g = probe.grad.data();
        if (tokens == 1) {
            for (int i = 0; i < batch; i++) {
                double s = 0;
                for (int h = 0; h < heads; h++) {
                    s += sumOfSquares(g, gradOffset(i, h), out) * sumOfSquares(x, inputOffset(i, h), in);
                }
                acc[i] += s;
            }
            return;
        }
        if ((long) tokens * (in + out) > (long) in * out) {
            super.addSquaredNorms(acc); // forming g_i is cheaper than the two token Gram matrices
            return;
        }
        int t2 = tokens * tokens;
        double[] gg = new double[t2];
        double[] xx = new double[t2];
        for (int i = 0; i < batch; i++) {
            double s = 0;
            for (int h = 0; h < heads; h++) {
                if (h == 0 || inputHeads > 1) {
                    int xo = inputOffset(i, h);
                    Blas.dgemm(false, true, tokens, tokens, in, 1.0, x, xo, in, x, xo, in, 0.0, xx, 0, tokens);
                }
                int go = gradOffset(i, h);
                Blas.dgemm(false, true, tokens, tokens, out, 1.0, g, go, out, g, go, out, 0.0, gg, 0, tokens);
                s += dot(gg, xx, t2);
            }
            acc[i] += s;
        }
    }

    /** For {@code T = 1}: {@code sum_i w_i (G_i x_i^T)^2 = (G^2)^T diag(w) X^2}, one product. */
    @Override
    void addWeightedSquares(double[] w, double[] dst) {
        if (tokens > 1 || heads > 1) {
            super.addWeightedSquares(w, dst);
            return;
        }
        double[] g = probe.grad.data();
        double[] gs = new double[batch * out];
        double[] xs = new double[batch * in];
        for (int i = 0; i < batch; i++) {
            for (int o = i * out; o < (i + 1) * out; o++) {
                gs[o] = w[i] * g[o] * g[o];
            }
            for (int j = i * in; j < (i + 1) * in; j++) {
                xs[j] = x[j] * x[j];
            }
        }
        Blas.dgemm(true, false, out, in, batch, 1.0, gs, 0, out, xs, 0, in, 1.0, dst, 0, in);
    }

    @Override
    void addWeightedSum(double[] w, double[] dst) {
        if (heads > 1) {
            super.addWeightedSum(w, dst);
            return;
        }
        double[] g = probe.grad.data();
        int rows = tokens * out;
        double[] scaled = new double[batch * rows];
        for (int i = 0; i < batch; i++) {
            double wi = w[i];
            for (int k = i * rows; k < (i + 1) * rows; k++) {
                scaled[k] = wi * g[k];
            }
        }
        Blas.dgemm(true, false, out, in, batch * tokens, 1.0, scaled, 0, out, x, 0, in, 1.0, dst, 0, in);
    }
}
