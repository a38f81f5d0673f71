package dev.gradus.nn;

import dev.gradus.tensor.Tensor;

/**
 * A parameter of one value per feature added or multiplied on every position: a bias, or the scale of a
 * normalisation. Per example {@code i}, with {@code G_i} the output gradient and {@code N_i} the multiplied
 * input (all ones for a bias),
 * <pre>
 *   g_i[f] = sum over the positions p of G_i[p, f] N_i[p, f]
 * </pre>
 * Features are the last axis ({@code [B, T, F]}, Linear and LayerNorm) or the axis after the batch
 * ({@code [B, F, L]}, a convolution's bias). Each contribution costs one pass over the example's gradient.
 */
final class FeatureSumUse extends PerSampleUse {
    private final Probe probe;
    private final double[] multiplier;
    private final boolean featuresLast;
    private final int positions;

    private FeatureSumUse(Probe probe, double[] multiplier, boolean featuresLast, int batch, int features, int positions) {
        super(batch, features);
        this.probe = probe;
        this.multiplier = multiplier;
        this.featuresLast = featuresLast;
        this.positions = positions;
    }

    /** A bias or scale on the last axis of {@code [B, positions, features]}; {@code multiplier} null for a bias. */
    static FeatureSumUse lastAxis(Probe probe, Tensor multiplier, int batch, int positions, int features) {
        return new FeatureSumUse(probe, multiplier == null ? null : multiplier.data(), true, batch, features, positions);
    }

    /** A bias on the axis after the batch, {@code [B, features, positions]}. */
    static FeatureSumUse channelAxis(Probe probe, int batch, int features, int positions) {
        return new FeatureSumUse(probe, null, false, batch, features, positions);
    }

    @Override
    void accumulate(int example, double factor, double[] dst, int offset) {
        double[] g = probe.grad.data();
        int features = size;
        if (!featuresLast) {
            for (int f = 0; f < features; f++) {
                int base = (example * features + f) * positions;
                double s = 0;
                for (int l = 0; l < positions; l++) {
                    s += g[base + l];
                }
                dst[offset + f] += factor * s;
            }
            return;
        }
        for (int p = 0; p < positions; p++) {
            int base = (example * positions + p) * features;
            if (multiplier == null) {
                for (int f = 0; f < features; f++) {
                    dst[offset + f] += factor * g[base + f];
                }
            } else {
                for (int f = 0; f < features; f++) {
                    dst[offset + f] += factor * g[base + f] * multiplier[base + f];
                }
            }
        }
    }
}
