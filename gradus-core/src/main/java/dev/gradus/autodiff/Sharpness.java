package dev.gradus.autodiff;

import dev.gradus.tensor.Elementwise;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Sharpness: the largest Hessian eigenvalue of a loss, by power iteration on Hessian-vector products.
 *
 * <p>Starting from a seeded Gaussian unit vector {@code v_0}, each step computes {@code w = H v_k}, the
 * Rayleigh quotient {@code lambda_k = v_k . w} and {@code v_{k+1} = w / |w|}. It stops when
 * {@code |lambda_k - lambda_{k-1}| <= tolerance * |lambda_k|} or after {@code maxIterations} products.
 * Power iteration finds the eigenvalue of largest magnitude: for the positive-dominated Hessians of
 * training this is the top eigenvalue (the "sharpness" of Cohen et al., "Gradient descent on neural networks
 * typically occurs at the edge of stability", ICLR 2021); if a negative eigenvalue dominates, it is returned
 * with its sign. Convergence is geometric in the ratio of the two largest magnitudes.
 */
public final class Sharpness {
    private Sharpness() {}

    /**
     * The outcome of power iteration.
     *
     * @param eigenvalue  the final Rayleigh quotient
     * @param eigenvector the final unit vector, one tensor per parameter
     * @param iterations  the Hessian-vector products used
     * @param converged   whether the tolerance was met before the iteration limit
     */
    public record Result(double eigenvalue, List<Tensor> eigenvector, int iterations, boolean converged) {}

    /** The largest Hessian eigenvalue of the scalar {@code loss} with respect to {@code params}. */
    public static Result topEigenvalue(Var loss, List<Var> params, RandomStream rng, int maxIterations, double tolerance) {
        return topEigenvalue(Hvp.of(loss, params), rng, maxIterations, tolerance);
    }

    /** Power iteration on prepared Hessian-vector products. */
    public static Result topEigenvalue(Hvp hvp, RandomStream rng, int maxIterations, double tolerance) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("sharpness: maxIterations must be at least 1, got " + maxIterations);
        }
        List<Tensor> v = new ArrayList<>();
        for (Var p : hvp.params()) v.add(Tensor.randn(rng, p.shape()));
        scale(v, 1 / Math.sqrt(Hvp.dot(v, v)));
        double lambda = Double.NaN;
        for (int k = 1; k <= maxIterations; k++) {
            List<Tensor> w = hvp.apply(v);
            double next = Hvp.dot(v, w);
            double norm = Math.sqrt(Hvp.dot(w, w));
            if (norm == 0) {
                return new Result(0, v, k, true);
            }
            scale(w, 1 / norm);
            v = w;
            boolean done = Math.abs(next - lambda) <= tolerance * Math.abs(next);
            lambda = next;
            if (done) {
                return new Result(lambda, v, k, true);
            }
        }
        return new Result(lambda, v, maxIterations, false);
    }

    private static void scale(List<Tensor> v, double s) {
        for (Tensor t : v) Elementwise.mul(t, s, t);
    }
}
