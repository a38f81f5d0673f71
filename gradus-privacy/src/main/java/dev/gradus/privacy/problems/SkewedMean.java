package dev.gradus.privacy.problems;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.PerSample;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.Transforms;
import dev.gradus.privacy.Clipping;
import dev.gradus.privacy.DiceSgd;
import dev.gradus.privacy.GradSampleMode;
import dev.gradus.privacy.PrivateGradient;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The clipping-bias problem of DiceSGD's smallest faithful experiment: {@code f(x) = (1/n) Σ ½‖x − b_i‖²} in d = 5, with 10% of the
 * {@code b_i} at {@code 10·𝟙} and the rest at 0, so {@code x* = 𝟙} and the outliers have large per-example gradients
 * {@code g_i = x − b_i}; batches are drawn without replacement.
 */
public final class SkewedMean {
    /** n, the examples. */
    public static final int N = 1000;
    /** d, the dimension. */
    public static final int D = 5;

    private SkewedMean() {}

    /** Whether example i is an outlier. */
    public static boolean outlier(int i) {
        return i % 10 == 0;
    }

    /** The per-example gradients at {@code x} of the examples {@code idx}. */
    public static PerSample batch(double[] x, int[] idx) {
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

            /** {@code ℓ_i = ½‖x − b_i‖²}, whose gradient is {@code x − b_i}. */
            @Override
            public Tensor losses() {
                double[] l = new double[b];
                for (int k = 0; k < b; k++) {
                    double s = 0;
                    for (int j = 0; j < D; j++) {
                        s += g[k * D + j] * g[k * D + j];
                    }
                    l[k] = 0.5 * s;
                }
                return Tensor.of(l, b);
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
    public static double relativeError(double[] x) {
        double s = 0;
        for (double v : x) {
            s += (v - 1) * (v - 1);
        }
        return Math.sqrt(s / D);
    }

    /**
     * Trains from x = 0 for {@code steps} steps of batches of {@code b} distinct examples with step {@code lr}, by
     * DiceSGD ({@code C1 = C2 = c}) or by clipped DP-SGD (DPSGD-GC, threshold c), both at noise multiplier
     * {@code sigma}; returns the relative error {@code ‖x − 𝟙‖/‖𝟙‖} after every step.
     */
    public static double[] train(boolean dice, double sigma, double c, int b, int steps, double lr, RandomStream random) {
        Tensor x = Tensor.zeros(D);
        TensorMap params = TensorMap.of("x", x);
        GradientTransformation sgd = Optimizers.sgd().lr(lr);
        GradientTransformation opt = dice ? Transforms.chain(new DiceSgd(c, c, sigma, 0, false), sgd) : sgd;
        OptState state = opt.init(params);
        PrivateGradient dp = new PrivateGradient(c, sigma, b, Clipping.FLAT, GradSampleMode.GHOST);
        RandomStream data = random.fork("batches");
        RandomStream noise = random.fork("noise");
        double[] error = new double[steps];
        for (int t = 0; t < steps; t++) {
            PerSample ps = batch(x.data(), draw(data, b));
            RandomStream step = noise.fork(Integer.toString(t));
            StepContext ctx = StepContext.builder().perSample(() -> ps).random(step).build();
            TensorMap g = dice ? params.zerosLike() : dp.privatize(ps, params, step.copy());
            opt.step(params, g, state, ctx);
            error[t] = relativeError(x.data());
        }
        return error;
    }

    /** A batch of {@code b} distinct examples. */
    public static int[] draw(RandomStream r, int b) {
        return r.choice(N, b, false);
    }
}
