package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * One way a parameter enters the output of a batched forward pass, able to give every example's
 * contribution {@code g_i} to that parameter's gradient. A parameter used several times (a layer applied
 * twice) has one use per application, and its per-example gradient is the sum of their contributions.
 *
 * <p>The rules ({@link LinearUse}, {@link ConvolutionUse}, {@link FeatureSumUse}) read the output gradient
 * {@code G} of their {@link Probe} once the backward pass has filled it; {@link LoopedUse} holds gradients
 * computed example by example. Contributions are flattened in the parameter's row-major order.
 */
abstract class PerSampleUse {

    /** A reported layer output: the graph node whose gradient the backward pass collects, then that gradient. */
    static final class Probe {
        final Var node;
        Tensor grad;

        Probe(Var node) {
            this.node = node;
        }
    }

    final int batch;
    final int size;

    PerSampleUse(int batch, int size) {
        this.batch = batch;
        this.size = size;
    }

    /** {@code dst[offset + k] += factor * g_example[k]} for the {@link #size} entries of the parameter. */
    abstract void accumulate(int example, double factor, double[] dst, int offset);

    /** Adds {@code ||g_i||^2} to {@code acc[i]} for every example; rules with a ghost norm override this. */
    void addSquaredNorms(double[] acc) {
        double[] scratch = new double[size];
        for (int i = 0; i < batch; i++) {
            Arrays.fill(scratch, 0.0);
            accumulate(i, 1.0, scratch, 0);
            acc[i] += sumOfSquares(scratch, 0, size);
        }
    }

    /** Adds every {@code g_i} into {@code dst}, laid out {@code [B, size]}. */
    void addAll(double[] dst) {
        for (int i = 0; i < batch; i++) {
            accumulate(i, 1.0, dst, i * size);
        }
    }

    /**
     * Writes every {@code g_i} over {@code dst}, laid out {@code [B, size]}, whatever it held before (so a
     * caller's buffer can be reused). The same values as {@link #addAll} into zeros; rules override it to
     * store without reading {@code dst} back, which halves the memory traffic of a large result.
     */
    void writeAll(double[] dst) {
        Arrays.fill(dst, 0, batch * size, 0.0);
        addAll(dst);
    }

    /** Adds {@code sum_i w_i g_i} into {@code dst} ({@link #size} entries). */
    void addWeightedSum(double[] w, double[] dst) {
        for (int i = 0; i < batch; i++) {
            if (w[i] != 0.0) {
                accumulate(i, w[i], dst, 0);
            }
        }
    }

    /** Adds {@code sum_i w_i g_i * g_i} (elementwise) into {@code dst}, one example at a time. */
    void addWeightedSquares(double[] w, double[] dst) {
        addWeightedSquares(List.of(this), w, dst);
    }

    /** The same for the sum of several uses of one parameter: {@code sum_i w_i (sum_u g_i^u)^2}. */
    static void addWeightedSquares(List<PerSampleUse> uses, double[] w, double[] dst) {
        int size = uses.get(0).size;
        double[] scratch = new double[size];
        for (int i = 0; i < uses.get(0).batch; i++) {
            if (w[i] == 0.0) {
                continue;
            }
            Arrays.fill(scratch, 0.0);
            for (PerSampleUse u : uses) {
                u.accumulate(i, 1.0, scratch, 0);
            }
            for (int k = 0; k < size; k++) {
                dst[k] += w[i] * scratch[k] * scratch[k];
            }
        }
    }

    static double sumOfSquares(double[] a, int from, int length) {
        double s = 0;
        for (int k = from; k < from + length; k++) {
            s += a[k] * a[k];
        }
        return s;
    }

    static double dot(double[] a, double[] b, int length) {
        double s = 0;
        for (int k = 0; k < length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
