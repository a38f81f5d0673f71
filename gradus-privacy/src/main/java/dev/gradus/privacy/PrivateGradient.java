package dev.gradus.privacy;

import dev.gradus.optim.PerSample;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Map;
import java.util.Objects;

/**
 * The privatised gradient of DP-SGD (Abadi et al., CCS 2016; semantics of Opacus):
 * <pre>
 *   factor_i = min(1, C/(‖g_i‖₂ + 1e-6))                 per example i of the (Poisson) batch
 *   s        = Σ_i factor_i·g_i + N(0, (σ·C)² I)
 *   ĝ        = s / L                                     L = q·N, the EXPECTED batch size
 * </pre>
 * Dividing by the expected rather than the realised batch size is what the accountant assumes (Opacus' mean
 * reduction does the same, opacus#420); an empty batch gives {@code ĝ = noise/L}. The noise ({@link GaussianNoise}) is
 * drawn parameter by parameter in name order from the given stream, so a seed gives the same bits whichever {@link GradSampleMode}
 * formed the sum.
 *
 * @param maxGradNorm C, positive
 * @param noiseMultiplier σ, at least 0
 * @param expectedBatchSize L, positive
 * @param clipping flat or per-layer
 * @param mode ghost norms and weighted sums, or materialised per-example gradients
 */
public record PrivateGradient(double maxGradNorm, double noiseMultiplier, double expectedBatchSize, Clipping clipping,
                              GradSampleMode mode) {
    /** Opacus' guard against dividing by a zero norm. */
    static final double NORM_EPS = 1e-6;

    /** Validates the settings. */
    public PrivateGradient {
        if (!(maxGradNorm > 0) || Double.isInfinite(maxGradNorm)) {
            throw new IllegalArgumentException("DP-SGD: max_grad_norm " + maxGradNorm + " must be positive and finite");
        }
        if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("DP-SGD: noise_multiplier " + noiseMultiplier
                    + " must be finite and at least 0");
        }
        if (!(expectedBatchSize > 0) || Double.isInfinite(expectedBatchSize)) {
            throw new IllegalArgumentException("DP-SGD: expected batch size " + expectedBatchSize + " must be positive");
        }
        Objects.requireNonNull(clipping, "clipping");
        Objects.requireNonNull(mode, "grad sample mode");
    }

    /**
     * {@code ĝ} for the batch {@code ps}, with tensors shaped like {@code params}, noise from {@code noise}.
     */
    public TensorMap privatize(PerSample ps, TensorMap params, RandomStream noise) {
        return noisyMean(ps.size() == 0 ? params.zerosLike() : clippedSum(ps, params), noise);
    }

    /** {@code (sum + N(0, (σC)² I)) / L}, in place on {@code sum}, which it returns. */
    public TensorMap noisyMean(TensorMap sum, RandomStream noise) {
        double std = noiseMultiplier * maxGradNorm;
        double scale = 1 / expectedBatchSize;
        sum.forEach((name, t) -> GaussianNoise.addScaled(t.data(), std, scale, noise));
        return sum;
    }

    /** {@code Σ_i factor_i g_i} by parameter name (no noise, no scaling). */
    public TensorMap clippedSum(PerSample ps, TensorMap params) {
        return switch (mode) {
            case GHOST -> ghost(ps, params);
            case MATERIALIZED -> materialized(ps, params);
        };
    }

    private TensorMap ghost(PerSample ps, TensorMap params) {
        if (clipping == Clipping.FLAT) {
            return ps.weightedSum(factors(ps.norms(), maxGradNorm));
        }
        double c = layerThreshold(params);
        Map<String, double[]> norms = ps.parameterNorms();
        TensorMap out = new TensorMap();
        for (String name : params.names()) {
            // one weighted sum per tensor, as each tensor has its own factors
            out.put(name, ps.weightedSum(factors(norms.get(name), c)).get(name));
        }
        return out;
    }

    private TensorMap materialized(PerSample ps, TensorMap params) {
        TensorMap each = ps.gradients();
        int b = ps.size();
        double[][] sq = new double[params.size()][b];
        int k = 0;
        for (String name : params.names()) {
            double[] g = each.get(name).data();
            int n = g.length / b;
            for (int i = 0; i < b; i++) {
                double s = 0;
                for (int j = i * n; j < (i + 1) * n; j++) {
                    s += g[j] * g[j];
                }
                sq[k][i] = s;
            }
            k++;
        }
        double[][] factor = new double[params.size()][];
        if (clipping == Clipping.FLAT) {
            double[] norm = new double[b];
            for (double[] s : sq) {
                for (int i = 0; i < b; i++) {
                    norm[i] += s[i];
                }
            }
            for (int i = 0; i < b; i++) {
                norm[i] = Math.sqrt(norm[i]);
            }
            double[] f = factors(norm, maxGradNorm);
            java.util.Arrays.fill(factor, f);
        } else {
            double c = layerThreshold(params);
            for (int l = 0; l < sq.length; l++) {
                double[] norm = new double[b];
                for (int i = 0; i < b; i++) {
                    norm[i] = Math.sqrt(sq[l][i]);
                }
                factor[l] = factors(norm, c);
            }
        }
        TensorMap out = new TensorMap();
        k = 0;
        for (String name : params.names()) {
            double[] g = each.get(name).data();
            Tensor sum = Tensor.zerosLike(params.get(name));
            double[] s = sum.data();
            int n = s.length;
            double[] f = factor[k++];
            for (int i = 0; i < b; i++) {
                double fi = f[i];
                int off = i * n;
                for (int j = 0; j < n; j++) {
                    s[j] += fi * g[off + j];
                }
            }
            out.put(name, sum);
        }
        return out;
    }

    private double layerThreshold(TensorMap params) {
        return maxGradNorm / Math.sqrt(params.size());
    }

    /** {@code min(1, c/(norm_i + 1e-6))} for every example. */
    static double[] factors(double[] norms, double c) {
        double[] f = new double[norms.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = Math.min(1, c / (norms[i] + NORM_EPS));
        }
        return f;
    }
}
