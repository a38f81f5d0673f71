package dev.gradus.ode;

/**
 * The settings of the standard step-size controller of an embedded pair (Hairer, Norsett and Wanner, "Solving
 * Ordinary Differential Equations I", II.4; the same rule as Hipparchus' {@code EmbeddedRungeKuttaIntegrator}).
 *
 * <pre>
 *   sc_i   = atol + rtol * max(|y_i|, |y_new,i|)
 *   EEst   = sqrt( mean_i (err_i / sc_i)^2 )                  accept when EEst &lt; 1
 *   factor = min(maxGrowth, max(minShrink, safety * EEst^(-1/order)))      h_next = h * factor
 * </pre>
 *
 * <p>The first step follows Hairer's heuristic (one extra evaluation of {@code f}), unless {@code initialStep > 0}.
 * A non-finite EEst rejects the step with the smallest factor. The controller is not differentiated: step sizes are plain numbers computed from the values of EEst.
 *
 * @param rtol        relative tolerance, default 1e-6
 * @param atol        absolute tolerance, default 1e-8
 * @param safety      default 0.9
 * @param maxGrowth   largest step growth, default 10
 * @param minShrink   smallest step factor, default 0.2
 * @param initialStep the first step, or 0 for Hairer's estimate (default)
 * @param maxStep     the largest step, default infinity
 * @param maxSteps    the most steps (accepted and rejected) one solve may take before it fails, default 100,000
 */
public record StepControl(double rtol, double atol, double safety, double maxGrowth, double minShrink,
                          double initialStep, double maxStep, int maxSteps) {

    /** Checks every setting. */
    public StepControl {
        require(rtol >= 0 && Double.isFinite(rtol), "rtol", rtol, ">= 0");
        require(atol >= 0 && Double.isFinite(atol), "atol", atol, ">= 0");
        require(rtol > 0 || atol > 0, "rtol + atol", rtol + atol, "> 0");
        require(safety > 0 && safety <= 1, "safety", safety, "in (0, 1]");
        require(maxGrowth >= 1, "maxGrowth", maxGrowth, ">= 1");
        require(minShrink > 0 && minShrink < 1, "minShrink", minShrink, "in (0, 1)");
        require(initialStep >= 0, "initialStep", initialStep, ">= 0");
        require(maxStep > 0, "maxStep", maxStep, "> 0");
        require(maxSteps >= 1, "maxSteps", maxSteps, ">= 1");
    }

    private static void require(boolean ok, String name, double value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException("StepControl: " + name + " must be " + allowed + ", got " + value);
        }
    }

    /** The defaults with tolerances {@code rtol} and {@code atol}. */
    public static StepControl tolerances(double rtol, double atol) {
        return new StepControl(rtol, atol, 0.9, 10, 0.2, 0, Double.POSITIVE_INFINITY, 100_000);
    }

    /** The defaults: rtol 1e-6, atol 1e-8. */
    public static StepControl defaults() {
        return tolerances(1e-6, 1e-8);
    }

    /** A copy with the largest number of steps set. */
    public StepControl withMaxSteps(int steps) {
        return new StepControl(rtol, atol, safety, maxGrowth, minShrink, initialStep, maxStep, steps);
    }

    /** A copy with the largest step set. */
    public StepControl withMaxStep(double h) {
        return new StepControl(rtol, atol, safety, maxGrowth, minShrink, initialStep, h, maxSteps);
    }

    /** A copy with a fixed first step. */
    public StepControl withInitialStep(double h) {
        return new StepControl(rtol, atol, safety, maxGrowth, minShrink, h, maxStep, maxSteps);
    }

    /** The controller's step factor after a step with error estimate {@code eest} of a pair of order {@code order}. */
    public double factor(double eest, int order) {
        if (Double.isNaN(eest) || eest == Double.POSITIVE_INFINITY) {
            return minShrink; // a step that blew up: shrink as much as allowed and retry
        }
        if (eest == 0) {
            return maxGrowth;
        }
        return Math.min(maxGrowth, Math.max(minShrink, safety * Math.pow(eest, -1.0 / order)));
    }
}
