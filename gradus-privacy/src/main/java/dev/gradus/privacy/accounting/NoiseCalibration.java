package dev.gradus.privacy.accounting;

/**
 * The noise multiplier that meets a target ε, found as Opacus' {@code get_noise_multiplier} finds it: starting from
 * {@code σ_high = 10}, double {@code σ_high} until ε(σ_high) ≤ target (so the first σ tried is 20), then bisect
 * between {@code σ_low = 0} and {@code σ_high}, moving {@code σ_high} down whenever ε(σ) &lt; target, until
 * {@code target − ε(σ_high) ≤ tolerance} (a tolerance on ε, 0.01 by default). The answer is {@code σ_high}, which
 * always meets the target.
 */
public final class NoiseCalibration {
    /** Opacus' {@code epsilon_tolerance}. */
    public static final double DEFAULT_TOLERANCE = 0.01;
    /** Opacus' {@code MAX_SIGMA}: a target that needs more noise than this is refused. */
    public static final double MAX_SIGMA = 1e6;

    private NoiseCalibration() {}

    /** Opacus' calibration with the default tolerance. */
    public static double noiseMultiplier(Accountant accountant, double samplingRate, long steps, double targetEpsilon,
                                         double delta) {
        return noiseMultiplier(accountant, samplingRate, steps, targetEpsilon, delta, DEFAULT_TOLERANCE);
    }

    /**
     * The σ for DP-SGD with {@code steps} steps at {@code samplingRate} that meets {@code (targetEpsilon, delta)}.
     *
     * @throws IllegalArgumentException for a value out of range, or when the budget is too small to meet with
     *     {@code σ ≤ MAX_SIGMA}
     */
    public static double noiseMultiplier(Accountant accountant, double samplingRate, long steps, double targetEpsilon,
                                         double delta, double tolerance) {
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("noise calibration: sampling rate " + samplingRate + " is outside (0, 1]");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("noise calibration: steps " + steps + " must be at least 1");
        }
        if (!(targetEpsilon > 0) || Double.isInfinite(targetEpsilon)) {
            throw new IllegalArgumentException("noise calibration: target epsilon " + targetEpsilon
                    + " must be positive and finite");
        }
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("noise calibration: tolerance " + tolerance + " must be positive");
        }
        Accountant.checkDelta(delta);
        double low = 0;
        double high = 10;
        double epsHigh = Double.POSITIVE_INFINITY;
        while (epsHigh > targetEpsilon) {
            high = 2 * high;
            epsHigh = epsilon(accountant, samplingRate, high, steps, delta);
            if (high > MAX_SIGMA) {
                throw new IllegalArgumentException("noise calibration: the privacy budget epsilon=" + targetEpsilon
                        + " at delta=" + delta + " is too low for " + steps + " steps at sampling rate " + samplingRate
                        + " (it would need a noise multiplier above " + MAX_SIGMA + ")");
            }
        }
        while (targetEpsilon - epsHigh > tolerance) {
            double sigma = (low + high) / 2;
            double eps = epsilon(accountant, samplingRate, sigma, steps, delta);
            if (eps < targetEpsilon) {
                high = sigma;
                epsHigh = eps;
            } else {
                low = sigma;
            }
        }
        return high;
    }

    private static double epsilon(Accountant accountant, double q, double sigma, long steps, double delta) {
        return accountant.epsilon(DpEvent.dpSgd(q, sigma, steps), delta).epsilon();
    }
}
