package dev.gradus.nn;

import dev.gradus.tensor.Blas;
import dev.gradus.tensor.Tensor;

/**
 * The weight of a convolution computed on unfolded windows, {@code Y_i = W C_i} with {@code C_i} the
 * {@code [K, L]} columns of example {@code i} ({@link PerSampleTap#convolution}) and {@code G_i} the output
 * gradient {@code [O, L]}:
 * <pre>
 *   g_i = G_i C_i^T                                   [O, K]
 *   ||g_i||^2 = &lt;G_i^T G_i, C_i^T C_i&gt;                  when L (O + K) &lt;= O K  (ghost norm)
 * </pre>
 * (Rochette, Manoel and Tramel 2019 for the unfolded form; Bu et al. 2022 for the ghost norm of
 * convolutions). Forming {@code g_i} is chosen when it is cheaper. Every product goes through {@link Blas#dgemm}.
 */
final class ConvolutionUse extends PerSampleUse {
    private final Probe probe;
    private final double[] columns;
    private final int outChannels;
    private final int rows;
    private final int positions;

    /** {@code columns} laid out {@code [B, rows, positions]}; the probe's gradient {@code [B, outChannels, positions]}. */
    ConvolutionUse(Probe probe, Tensor columns, int batch, int outChannels, int rows, int positions) {
        super(batch, outChannels * rows);
        this.probe = probe;
        this.columns = columns.data();
        this.outChannels = outChannels;
        this.rows = rows;
        this.positions = positions;
    }

    @Override
    void accumulate(int example, double factor, double[] dst, int offset) {
        product(example, factor, dst, offset, 1.0);
    }

    @Override
    void writeAll(double[] dst) {
        for (int i = 0; i < batch; i++) {
            product(i, 1.0, dst, i * size, 0.0);
        }
    }

    /** {@code dst = beta * dst + factor * g_example}. */
    private void product(int example, double factor, double[] dst, int offset, double beta) {
        Blas.dgemm(false, true, outChannels, rows, positions, factor, probe.grad.data(), example * outChannels * positions,
                positions, columns, example * rows * positions, positions, beta, dst, offset, rows);
    }

    @Override
    void addSquaredNorms(double[] acc) {
        if ((long) positions * (outChannels + rows) > (long) outChannels * rows) {
            super.addSquaredNorms(acc);
            return;
        }
        double[] g = probe.grad.data();
        int l2 = positions * positions;
        double[] gg = new double[l2];
        double[] cc = new double[l2];
        for (int i = 0; i < batch; i++) {
            int go = i * outChannels * positions;
            int co = i * rows * positions;
            Blas.dgemm(true, false, positions, positions, outChannels, 1.0, g, go, positions, g, go, positions, 0.0, gg, 0,
                    positions);
            Blas.dgemm(true, false, positions, positions, rows, 1.0, columns, co, positions, columns, co, positions, 0.0, cc,
                    0, positions);
            acc[i] += dot(gg, cc, l2);
        }
    }
}
