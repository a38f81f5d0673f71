package dev.gradus.optim.bounded;

/**
 * The outcome of a {@link ProjectedLbfgs} run.
 *
 * @param x the final point (inside the bounds)
 * @param value {@code f(x)}
 * @param iterations accepted steps
 * @param evaluations function evaluations
 * @param projectedGradientNorm {@code max_i |P(x − ∇f(x))_i − x_i|} at the end (0 at a KKT point)
 * @param converged whether a tolerance (rather than the iteration limit) stopped the run
 */
public record BoundedResult(double[] x, double value, int iterations, int evaluations, double projectedGradientNorm,
        boolean converged) {}
