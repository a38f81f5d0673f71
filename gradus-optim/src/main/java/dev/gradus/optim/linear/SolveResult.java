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

    /**
     * The true relative residual {@code ||b - A x|| / ||b||} of the last iterate, computed afresh (the solvers
     * track the recursively updated residual, which drifts from the true one in floating point).
     */
    public double trueResidual(LinearOperator a, double[] b) {
        Vectors.check("SolveResult.trueResidual", a, b);
        double[] ax = new double[b.length];
        a.apply(x, ax);
        double r = 0;
        for (int i = 0; i < b.length; i++) {
            r += (b[i] - ax[i]) * (b[i] - ax[i]);
        }
        return Math.sqrt(r) / Vectors.norm(b);
    }

    /** The final relative residual. */
    public double finalResidual() {
        return relativeResidual[relativeResidual.length - 1];
    }
}
