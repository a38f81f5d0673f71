package dev.gradus.privacy;

import dev.gradus.optim.PerSample;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The privacy digest's clipping-bias problem (§3): {@code f(x) = (1/n) Σ ½‖x − b_i‖²} in d = 5, with 10% of the
 * {@code b_i} at {@code 10·𝟙} and the rest at 0, so {@code x* = 𝟙} and the outliers have large per-example gradients
 * {@code g_i = x − b_i}; batches are drawn without replacement.
 */
final class SkewedLeastSquares {
    static final int N = 1000;
    static final int D = 5;

    /** Whether example i is an outlier. */
    static boolean outlier(int i) {
        return i % 10 == 0;
    }

    /** The per-example gradients at {@code x} of the examples {@code idx}. */
    static PerSample batch(double[] x, int[] idx) {
        int b = idx.length;
        double[] g = new double[b * D];
        for (int k = 0; k < b; k++) {
            double bi = outlier(idx[k]) ? 10 : 0;
            for (int j = 0; j < D; j++) {
                g[k * D + j] = x[j] - bi;
            }
        }
        return new PerSample() {
            @Override
            public int size() {
                return b;
            }

            @Override
            public TensorMap gradients() {
                return TensorMap.of("x", Tensor.of(g.clone(), b, D));
            }

            @Override
            public Map<String, double[]> parameterNorms() {
                Map<String, double[]> m = new LinkedHashMap<>();
                m.put("x", norms());
                return m;
            }

            @Override
            public double[] norms() {
                double[] n = new double[b];
                for (int k = 0; k < b; k++) {
                    double s = 0;
                    for (int j = 0; j < D; j++) {
                        s += g[k * D + j] * g[k * D + j];
                    }
                    n[k] = Math.sqrt(s);
                }
                return n;
            }

            @Override
            public TensorMap weightedSum(double[] w) {
                double[] s = new double[D];
                for (int k = 0; k < b; k++) {
                    for (int j = 0; j < D; j++) {
                        s[j] += w[k] * g[k * D + j];
                    }
                }
                return TensorMap.of("x", Tensor.of(s, D));
            }
        };
    }

    /** {@code ‖x − 𝟙‖/‖𝟙‖}. */
    static double relativeError(double[] x) {
        double s = 0;
        for (double v : x) {
            s += (v - 1) * (v - 1);
        }
        return Math.sqrt(s / D);
    }

    /** A batch of {@code b} distinct examples. */
    static int[] draw(RandomStream r, int b) {
        return r.choice(N, b, false);
    }
}
