package dev.gradus.nn.objective;

import dev.gradus.tensor.Tensor;
import java.util.Arrays;

/**
 * DRM's test-time combination of the heads of {@link DomainSpecificHeads} by their confidence on each sample:
 * with the softmax {@code p_{k,i}} of head {@code k} on sample {@code i} and its entropy
 * {@code H_{k,i} = −Σ_c p_{k,i,c} log p_{k,i,c}},
 * <pre>
 *   w_{k,i} = H_{k,i}^(−γ) / Σ_j H_{j,i}^(−γ),        p_i = Σ_k w_{k,i} p_{k,i}         (γ ≥ 0),
 * </pre>
 * so a head that is sure of a sample (low entropy) speaks for it; {@code γ = 0} is the uniform average of the
 * heads, and {@link #minimumEntropy()} ({@code γ → ∞}, the reference's {@code γ < 0} branch) takes the single
 * head of least entropy per sample. Entropies are floored at {@code 1e-12} (a one-hot head would otherwise give
 * an infinite weight) and the weights are formed in the log domain, so large {@code γ} does not overflow.
 *
 * <p>Deviation from the reference code ({@code DRMFull.entropy_predict_label_drm}): it normalises the weights
 * over all {@code K + 1} heads but sums only the {@code K} domain heads into {@code p}, so its {@code p} does
 * not sum to 1; here every head is both weighed and summed.
 *
 * <pre>{@code
 * Tensor p = EntropyWeighting.of(1.0).combine(probs);     // probs [heads, n, classes] -> [n, classes]
 * }</pre>
 */
public final class EntropyWeighting {

    private static final double ENTROPY_FLOOR = 1e-12;

    private final double gamma;

    private EntropyWeighting(double gamma) {
        this.gamma = gamma;
    }

    /** Weights {@code ∝ H^(−γ)}, {@code γ ≥ 0} finite. */
    public static EntropyWeighting of(double gamma) {
        if (!(gamma >= 0.0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("EntropyWeighting: gamma must be finite and >= 0, got " + gamma
                    + " (use minimumEntropy() for the per-sample minimum-entropy head)");
        }
        return new EntropyWeighting(gamma);
    }

    /** The uniform average of the heads ({@code γ = 0}). */
    public static EntropyWeighting uniform() {
        return new EntropyWeighting(0.0);
    }

    /** The head of least entropy per sample (ties to the lower index). */
    public static EntropyWeighting minimumEntropy() {
        return new EntropyWeighting(Double.POSITIVE_INFINITY);
    }

    /** γ ({@code +∞} for {@link #minimumEntropy()}). */
    public double gamma() {
        return gamma;
    }

    /** The entropies {@code H_{k,i}} of probabilities {@code [heads, n, classes]}, as {@code [heads, n]}. */
    public static Tensor entropies(Tensor probabilities) {
        int[] s = shapeOf(probabilities);
        int rows = s[0] * s[1];
        int c = s[2];
        double[] p = probabilities.data();
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double h = 0.0;
            for (int j = 0; j < c; j++) {
                double v = p[r * c + j];
                if (v > 0.0) {
                    h -= v * Math.log(v);
                }
            }
            out[r] = h;
        }
        return Tensor.of(out, s[0], s[1]);
    }

    /** The weights {@code w_{k,i}} for probabilities {@code [heads, n, classes]}, as {@code [heads, n]}. */
    public Tensor weights(Tensor probabilities) {
        int[] s = shapeOf(probabilities);
        int heads = s[0];
        int n = s[1];
        double[] h = entropies(probabilities).data();
        double[] w = new double[heads * n];
        for (int i = 0; i < n; i++) {
            if (gamma == Double.POSITIVE_INFINITY) {
                int best = 0;
                for (int k = 1; k < heads; k++) {
                    if (h[k * n + i] < h[best * n + i]) {
                        best = k;
                    }
                }
                w[best * n + i] = 1.0;
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < heads; k++) {
                double lw = -gamma * Math.log(Math.max(h[k * n + i], ENTROPY_FLOOR));
                w[k * n + i] = lw;
                max = Math.max(max, lw);
            }
            double sum = 0.0;
            for (int k = 0; k < heads; k++) {
                double e = Math.exp(w[k * n + i] - max);
                w[k * n + i] = e;
                sum += e;
            }
            for (int k = 0; k < heads; k++) {
                w[k * n + i] /= sum;
            }
        }
        return Tensor.of(w, heads, n);
    }

    /** The combined probabilities {@code p_i = Σ_k w_{k,i} p_{k,i}}, {@code [n, classes]}. */
    public Tensor combine(Tensor probabilities) {
        int[] s = shapeOf(probabilities);
        int heads = s[0];
        int n = s[1];
        int c = s[2];
        double[] w = weights(probabilities).data();
        double[] p = probabilities.data();
        double[] out = new double[n * c];
        for (int k = 0; k < heads; k++) {
            for (int i = 0; i < n; i++) {
                double wk = w[k * n + i];
                int base = (k * n + i) * c;
                for (int j = 0; j < c; j++) {
                    out[i * c + j] += wk * p[base + j];
                }
            }
        }
        return Tensor.of(out, n, c);
    }

    private static int[] shapeOf(Tensor probabilities) {
        int[] s = probabilities.shape();
        if (s.length != 3 || s[0] < 1 || s[1] < 1 || s[2] < 1) {
            throw new IllegalArgumentException("EntropyWeighting: probabilities must be [heads, n, classes] with "
                    + "every size >= 1, got shape " + Arrays.toString(s));
        }
        return s;
    }

    @Override
    public String toString() {
        return gamma == Double.POSITIVE_INFINITY ? "minimum-entropy" : "entropy-weighting(gamma=" + gamma + ")";
    }
}
