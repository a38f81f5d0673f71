package dev.gradus.optim.linear;

/**
 * The outcome of an iterative solve of {@code A x = b}.
 *
 * @param x the last iterate
 * @param iterations the iterations taken (directions applied)
 * @param converged whether {@code ||r|| / ||b||} fell below the tolerance within the iteration limit
 * @param relativeResidual {@code ||r_k|| / ||b||} for {@code k = 0 .. iterations}, from the recursively updated
 *     residual
 */
public record SolveResult(double[] x, int iterations, boolean converged, double[] relativeResidual) {

    /** The final relative residual. */
    public double finalResidual() {
        return relativeResidual[relativeResidual.length - 1];
    }
}
