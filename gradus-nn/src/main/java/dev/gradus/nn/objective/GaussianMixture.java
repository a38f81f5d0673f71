package dev.gradus.nn.objective;

import dev.gradus.tensor.RandomStream;

/**
 * A one-dimensional Gaussian mixture {@code p₀ = Σ_j w_j N(μ_j, s_j²)}, whose noised law under
 * {@code x_t = x₀ + σ ε} is again a mixture, {@code p_t = Σ_j w_j N(μ_j, s_j² + σ²)}, with the analytic score
 * <pre>
 *   ∇ log p_t(x) = Σ_j r_j(x) · (−(x − μ_j)/(s_j² + σ²)),   r_j(x) = w_j N(x; μ_j, s_j² + σ²) / p_t(x)
 * </pre>
 * the ground truth against which a learned score is measured. The digest's example is
 * {@code ½N(−2, 0.5²) + ½N(2, 0.5²)} ({@link #symmetric}).
 *
 * @param weights the mixture weights (positive, summing to 1)
 * @param means the component means
 * @param stds the component standard deviations (positive)
 */
public record GaussianMixture(double[] weights, double[] means, double[] stds) {

    /** Checks the parameters. */
    public GaussianMixture {
        if (weights.length == 0 || weights.length != means.length || weights.length != stds.length) {
            throw new IllegalArgumentException("gaussian mixture: weights, means and stds must have the same nonzero"
                    + " length, got " + weights.length + ", " + means.length + ", " + stds.length);
        }
        double sum = 0.0;
        for (int j = 0; j < weights.length; j++) {
            if (!(weights[j] > 0.0) || !(stds[j] > 0.0)) {
                throw new IllegalArgumentException("gaussian mixture: component " + j + " needs a positive weight"
                        + " and std, got " + weights[j] + " and " + stds[j]);
            }
            sum += weights[j];
        }
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new IllegalArgumentException("gaussian mixture: weights must sum to 1, got " + sum);
        }
    }

    /** {@code ½N(−m, s²) + ½N(m, s²)}. */
    public static GaussianMixture symmetric(double mean, double std) {
        return new GaussianMixture(new double[] {0.5, 0.5}, new double[] {-mean, mean}, new double[] {std, std});
    }

    /** {@code n} draws of {@code x₀}. */
    public double[] sample(int n, RandomStream rng) {
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            double u = rng.uniform();
            int j = 0;
            double acc = weights[0];
            while (u >= acc && j < weights.length - 1) {
                acc += weights[++j];
            }
            out[k] = means[j] + stds[j] * rng.normal();
        }
        return out;
    }

    /** The density of {@code x_t} at noise level {@code σ} ({@code σ = 0}: of {@code x₀}). */
    public double density(double x, double sigma) {
        double p = 0.0;
        for (int j = 0; j < weights.length; j++) {
            double v = stds[j] * stds[j] + sigma * sigma;
            double z = x - means[j];
            p += weights[j] * Math.exp(-0.5 * z * z / v) / Math.sqrt(2 * Math.PI * v);
        }
        return p;
    }

    /** The true score {@code ∇ log p_t(x)} at noise level {@code σ}. */
    public double score(double x, double sigma) {
        // Responsibilities in log space, so that far tails do not underflow to 0/0.
        int c = weights.length;
        double[] logTerm = new double[c];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            double v = stds[j] * stds[j] + sigma * sigma;
            double z = x - means[j];
            logTerm[j] = Math.log(weights[j]) - 0.5 * z * z / v - 0.5 * Math.log(v);
            max = Math.max(max, logTerm[j]);
        }
        double num = 0.0;
        double den = 0.0;
        for (int j = 0; j < c; j++) {
            double r = Math.exp(logTerm[j] - max);
            double v = stds[j] * stds[j] + sigma * sigma;
            num += r * (-(x - means[j]) / v);
            den += r;
        }
        return num / den;
    }
}
