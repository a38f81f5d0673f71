package dev.gradus.privacy.accounting;

/**
 * The Renyi differential privacy of one step of the sampled Gaussian mechanism: each example joins the batch with
 * probability {@code q} (Poisson sampling), the clipped sum gets Gaussian noise of {@code σ} times the clipping norm,
 * under add/remove-one adjacency (Mironov, Talwar &amp; Zhang, "Rényi Differential Privacy of the Sampled Gaussian
 * Mechanism", 2019). It follows {@code opacus/accountants/analysis/rdp.py} term for term.
 *
 * <p>{@code RDP(α) = log(A_α)/(α − 1)}, with special cases {@code q = 0 → 0}, {@code σ = 0 → ∞},
 * {@code q = 1 → α/(2σ²)}, {@code α = ∞ → ∞}.
 * <ul>
 *   <li>Integer α: {@code A_α = Σ_{k=0}^{α} C(α,k) (1−q)^{α−k} q^k exp((k² − k)/(2σ²))}, each term in log space.</li>
 *   <li>Fractional α: with {@code z₀ = σ² log(1/q − 1) + 1/2} and, for i = 0, 1, ..., {@code j = α − i} and the
 *       generalised binomial {@code c = C(α, i)},
 *       {@code s0 = log|c| + i log q + j log(1−q) + (i² − i)/(2σ²) + log(½ erfc((i − z₀)/(√2σ)))},
 *       {@code s1 = log|c| + j log q + i log(1−q) + (j² − j)/(2σ²) + log(½ erfc((z₀ − j)/(√2σ)))},
 *       added to two log-space sums when {@code c > 0} and subtracted when {@code c < 0}, until
 *       {@code max(s0, s1) < −30}; {@code A_α} is the sum of the two.</li>
 * </ul>
 * As in Opacus, an order takes the integer formula exactly when it is a whole number.
 */
public final class SampledGaussianRdp {
    private static final double LOG_HALF = Math.log(0.5);
    private static final double STOP = -30;

    private SampledGaussianRdp() {}

    /**
     * The RDP at order {@code alpha} of one step with sampling rate {@code q} and noise multiplier {@code sigma}.
     *
     * @throws IllegalArgumentException when q is outside [0, 1], sigma is negative or alpha is not above 1
     * @throws ArithmeticException when the fractional series loses precision (see {@link LogMath#logSub})
     */
    public static double rdp(double q, double sigma, double alpha) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("sampled Gaussian RDP: sampling rate " + q + " is outside [0, 1]");
        }
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("sampled Gaussian RDP: noise multiplier " + sigma + " is negative");
        }
        if (!(alpha > 1)) {
            throw new IllegalArgumentException("sampled Gaussian RDP: order " + alpha + " must be above 1");
        }
        if (q == 0) {
            return 0;
        }
        if (sigma == 0 || Double.isInfinite(alpha)) {
            return Double.POSITIVE_INFINITY;
        }
        if (q == 1) {
            return alpha / (2 * sigma * sigma);
        }
        double logA = alpha == Math.rint(alpha) ? logAInteger(q, sigma, (int) alpha) : logAFractional(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    private static double logAInteger(double q, double sigma, int alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoVar = 2 * sigma * sigma;
        double logA = Double.NEGATIVE_INFINITY;
        double binom = 1; // C(alpha, k), exact for the orders of the default grids
        for (int k = 0; k <= alpha; k++) {
            double s = Math.log(binom) + k * logQ + (alpha - k) * log1mQ + ((double) k * k - k) / twoVar;
            logA = LogMath.logAdd(logA, s);
            binom = binom * (alpha - k) / (k + 1);
        }
        return logA;
    }

    private static double logAFractional(double q, double sigma, double alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoVar = 2 * sigma * sigma;
        double root2Sigma = Math.sqrt(2) * sigma;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double a0 = Double.NEGATIVE_INFINITY;
        double a1 = Double.NEGATIVE_INFINITY;
        double coef = 1; // the generalised binomial C(alpha, i)
        for (int i = 0; ; i++) {
            double logCoef = Math.log(Math.abs(coef));
            double j = alpha - i;
            double t0 = logCoef + i * logQ + j * log1mQ;
            double t1 = logCoef + j * logQ + i * log1mQ;
            double e0 = LOG_HALF + LogMath.logErfc((i - z0) / root2Sigma);
            double e1 = LOG_HALF + LogMath.logErfc((z0 - j) / root2Sigma);
            double s0 = t0 + ((double) i * i - i) / twoVar + e0;
            double s1 = t1 + (j * j - j) / twoVar + e1;
            if (coef > 0) {
                a0 = LogMath.logAdd(a0, s0);
                a1 = LogMath.logAdd(a1, s1);
            } else {
                a0 = LogMath.logSub(a0, s0);
                a1 = LogMath.logSub(a1, s1);
            }
            if (Math.max(s0, s1) < STOP) {
                break;
            }
            coef = coef * (alpha - i) / (i + 1);
        }
        return LogMath.logAdd(a0, a1);
    }
}
