package dev.gradus.privacy;

import dev.gradus.tensor.RandomStream;

/**
 * Quantile-based adaptive clipping (Andrew, Thakkar, McMahan and Ramaswamy, "Differentially Private Learning with
 * Adaptive Clipping", NeurIPS 2021; Opacus' {@code AdaClipDPOptimizer}, {@code clipping="adaptive"}). Flat clipping
 * whose bound C follows the γ-quantile of the per-example gradient norms, estimated privately each step:
 * <pre>
 *   u     = #{i : ‖g_i‖ + 1e-6 ≤ C}                 the unclipped examples (clip factor 1, as Opacus counts them)
 *   b     = (u + N(0, σ_b²)) / L                     L = q·N, the expected batch size
 *   C'    = clamp(C · exp(−η_C · (b − γ)), C_min, C_max)   geometric update, used from the next step on
 * </pre>
 * The step clips and noises with the current C and then updates it, as Opacus does. Unlike Opacus, which divides
 * the noisy count by the realised batch size, b is over the expected size L: the realised size of a Poisson batch
 * is not private, and the paper's estimator is over the expected count.
 *
 * <p><b>Privacy (paper, Theorem 1).</b> The step releases the pair (noisy gradient sum, noisy count). Centred at
 * 1/2, each example moves the count by at most 1/2, so the count with noise σ_b has noise multiplier 2σ_b. Giving
 * the gradient sum the multiplier
 * <pre>
 *   σ_grad = (σ⁻² − (2σ_b)⁻²)^(−1/2)
 * </pre>
 * makes the pair one Gaussian mechanism of sensitivity 1 and multiplier σ: the run is accounted at the stated σ
 * exactly as flat DP-SGD is (the same {@code DpEvent}s, the same ε), and only the gradient's noise grows. This needs
 * σ_b &gt; σ/2, which {@link #gradientNoiseMultiplier} enforces.
 *
 * @param targetQuantile γ, Opacus' {@code target_unclipped_quantile}, in [0, 1]; 0.5 (the median) by default
 * @param learningRate η_C, Opacus' {@code clipbound_learning_rate}, positive; 0.2 by default (the paper's choice)
 * @param minClip C_min, Opacus' {@code min_clipbound}, at least 0 (0: no lower bound)
 * @param maxClip C_max, Opacus' {@code max_clipbound}, above {@code minClip} (infinite: no upper bound)
 * @param countNoiseStd σ_b, Opacus' {@code unclipped_num_std}, in counts, positive; the paper recommends L/20
 */
public record AdaptiveClipping(double targetQuantile, double learningRate, double minClip, double maxClip,
                               double countNoiseStd) {

    /** Validates the settings, naming what is wrong. */
    public AdaptiveClipping {
        if (!(targetQuantile >= 0 && targetQuantile <= 1)) {
            throw new IllegalArgumentException("adaptive clipping: target_unclipped_quantile " + targetQuantile
                    + " is outside [0, 1]");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("adaptive clipping: clipbound_learning_rate " + learningRate
                    + " must be positive and finite");
        }
        if (!(minClip >= 0) || Double.isInfinite(minClip)) {
            throw new IllegalArgumentException("adaptive clipping: min_clipbound " + minClip
                    + " must be finite and at least 0");
        }
        if (!(maxClip > minClip)) {
            throw new IllegalArgumentException("adaptive clipping: max_clipbound " + maxClip
                    + " must be larger than min_clipbound " + minClip);
        }
        if (!(countNoiseStd > 0) || Double.isInfinite(countNoiseStd)) {
            throw new IllegalArgumentException("adaptive clipping: unclipped_num_std " + countNoiseStd
                    + " must be positive and finite");
        }
    }

    /**
     * σ_grad, the gradient noise multiplier that makes the (gradient sum, count) pair have total multiplier
     * {@code sigma} (Theorem 1); 0 for {@code sigma} 0.
     *
     * @throws IllegalArgumentException when σ_b ≤ σ/2: the count alone would then need more than the whole budget
     */
    public double gradientNoiseMultiplier(double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("adaptive clipping: noise multiplier " + sigma
                    + " must be finite and at least 0");
        }
        if (sigma == 0) {
            return 0;
        }
        if (!(countNoiseStd > sigma / 2)) {
            throw new IllegalArgumentException("adaptive clipping: unclipped_num_std " + countNoiseStd
                    + " must exceed noise_multiplier/2 = " + sigma / 2 + " (the noisy count alone would use the"
                    + " whole privacy budget); raise unclipped_num_std or lower noise_multiplier");
        }
        return 1 / Math.sqrt(1 / (sigma * sigma) - 1 / (4 * countNoiseStd * countNoiseStd));
    }

    /** The number of examples that clipping at {@code clip} leaves unchanged: {@code ‖g_i‖ + 1e-6 ≤ clip}. */
    public static int unclipped(double[] norms, double clip) {
        int u = 0;
        for (double n : norms) {
            if (n + PrivateGradient.NORM_EPS <= clip) {
                u++;
            }
        }
        return u;
    }

    /**
     * C', the bound after a step that clipped at {@code clip} examples of norms {@code norms} in a batch of
     * expected size {@code expectedBatchSize}; the count's noise is one normal from {@code noise}.
     */
    public double next(double clip, double[] norms, double expectedBatchSize, RandomStream noise) {
        double b = (unclipped(norms, clip) + countNoiseStd * noise.normal()) / expectedBatchSize;
        double c = clip * StrictMath.exp(-learningRate * (b - targetQuantile));
        return Math.min(maxClip, Math.max(minClip, c));
    }

    /** The settings as spec arguments. */
    String describe() {
        return "target_unclipped_quantile=" + targetQuantile + ", clipbound_learning_rate=" + learningRate
                + ", min_clipbound=" + minClip + ", max_clipbound=" + maxClip + ", unclipped_num_std=" + countNoiseStd;
    }
}
