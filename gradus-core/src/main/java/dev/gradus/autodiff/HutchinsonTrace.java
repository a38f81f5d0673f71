package dev.gradus.autodiff;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Hutchinson's estimate of the Hessian trace: {@code tr(H) = E[v^T H v]} for random {@code v} with
 * independent Rademacher (+1/-1) entries, averaged over a given number of probes.
 *
 * <p>The estimator is unbiased with variance {@code 2 sum_{i != j} H_ij^2} per probe (zero for a diagonal
 * Hessian), the smallest among probe distributions with identity covariance. Probes come from the given
 * stream, so a fixed seed gives the same estimate.
 *
 * <p>Reference: M. F. Hutchinson, "A stochastic estimator of the trace of the influence matrix for Laplacian
 * smoothing splines", Communications in Statistics - Simulation and Computation 19(2), 1990.
 */
public final class HutchinsonTrace {
    private HutchinsonTrace() {}

    /**
     * The estimate.
     *
     * @param trace         the mean of {@code v^T H v} over the probes
     * @param standardError the sample standard deviation of the probes divided by the square root of their count
     *                      (NaN for one probe)
     * @param samples       the number of probes
     */
    public record Estimate(double trace, double standardError, int samples) {}

    /** Estimates the Hessian trace of the scalar {@code loss} with respect to {@code params}. */
    public static Estimate estimate(Var loss, List<Var> params, RandomStream rng, int samples) {
        return estimate(Hvp.of(loss, params), rng, samples);
    }

    /** Estimates the trace with prepared Hessian-vector products. */
    public static Estimate estimate(Hvp hvp, RandomStream rng, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("hutchinson: samples must be at least 1, got " + samples);
        }
        double sum = 0, sumSq = 0;
        for (int s = 0; s < samples; s++) {
            List<Tensor> v = new ArrayList<>();
            for (Var p : hvp.params()) {
                Tensor t = Tensor.zerosLike(p.value());
                double[] d = t.data();
                for (int i = 0; i < d.length; i++) d[i] = rng.bernoulli(0.5) ? 1 : -1;
                v.add(t);
            }
            double q = Hvp.dot(v, hvp.apply(v));
            sum += q;
            sumSq += q * q;
        }
        double mean = sum / samples;
        double variance = samples > 1 ? Math.max(0, (sumSq - samples * mean * mean) / (samples - 1)) : Double.NaN;
        return new Estimate(mean, Math.sqrt(variance / samples), samples);
    }
}
