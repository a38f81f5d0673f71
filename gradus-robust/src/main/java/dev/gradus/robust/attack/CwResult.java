package dev.gradus.robust.attack;

import dev.gradus.tensor.Tensor;

/**
 * What {@link CarliniWagnerL2} found for a batch.
 *
 * @param adversarial the smallest successful adversarial example of each row, or the original input where none was found
 * @param success whether an adversarial example was found for each row
 * @param l2 the L2 norm of the perturbation of each row ({@code ||x' - x||_2}), NaN where none was found
 * @param constant the last constant c of each row's binary search
 * @param gradientEvaluations the number of batch gradient evaluations spent (Adam iterations over all search steps)
 */
public record CwResult(Tensor adversarial, boolean[] success, double[] l2, double[] constant, int gradientEvaluations) {

    /** The fraction of rows for which an adversarial example was found. */
    public double successRate() {
        int s = 0;
        for (boolean b : success) {
            s += b ? 1 : 0;
        }
        return success.length == 0 ? Double.NaN : s / (double) success.length;
    }

    /** The median L2 perturbation over the successful rows, NaN if there are none. */
    public double medianL2() {
        double[] ok = java.util.Arrays.stream(l2).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (ok.length == 0) {
            return Double.NaN;
        }
        int m = ok.length / 2;
        return ok.length % 2 == 1 ? ok[m] : 0.5 * (ok[m - 1] + ok[m]);
    }
}
