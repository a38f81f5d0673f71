package dev.gradus.privacy.accounting;

/**
 * The exact privacy curve of the Gaussian mechanism (Balle &amp; Wang 2018, Improving the Gaussian mechanism, Thm 8):
 * with {@code μ} = sensitivity / noise standard deviation,
 * {@code δ(ε) = Φ(−ε/μ + μ/2) − e^ε Φ(−ε/μ − μ/2)}. T compositions of multipliers {@code σ_j} are one Gaussian
 * mechanism with {@code μ = sqrt(Σ_j 1/σ_j²)} (Dong, Roth &amp; Su 2019). It is the q = 1 case that any accountant of
 * the sampled Gaussian must reproduce, and the closed form the PRV accountant is tested against.
 */
public final class AnalyticGaussian {
    private AnalyticGaussian() {}

    /** {@code μ} of {@code steps} Gaussian releases at multiplier {@code sigma}. */
    public static double mu(double sigma, long steps) {
        if (!(sigma > 0) || steps < 0) {
            throw new IllegalArgumentException("analytic Gaussian: sigma " + sigma + " must be positive and steps "
                    + steps + " at least 0");
        }
        return Math.sqrt(steps) / sigma;
    }

    /** The exact δ at {@code epsilon} for the Gaussian mechanism with parameter {@code mu}. */
    public static double delta(double mu, double epsilon) {
        if (!(mu > 0) || !(epsilon >= 0)) {
            throw new IllegalArgumentException("analytic Gaussian: mu " + mu + " must be positive and epsilon "
                    + epsilon + " at least 0");
        }
        return phi(-epsilon / mu + mu / 2) - Math.exp(epsilon) * phi(-epsilon / mu - mu / 2);
    }

    /** The exact ε at {@code delta}, by bisection on the decreasing {@link #delta} to 1e-12. */
    public static double epsilon(double mu, double delta) {
        Accountant.checkDelta(delta);
        if (delta(mu, 0) <= delta) {
            return 0;
        }
        double lo = 0;
        double hi = 1;
        while (delta(mu, hi) > delta) {
            lo = hi;
            hi *= 2;
        }
        while (hi - lo > 1e-12 * Math.max(1, hi)) {
            double mid = 0.5 * (lo + hi);
            if (delta(mu, mid) > delta) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    private static double phi(double z) {
        double tail = 0.5 * Math.exp(LogMath.logErfc(Math.abs(z) / Math.sqrt(2)));
        return z >= 0 ? 1 - tail : tail;
    }
}
