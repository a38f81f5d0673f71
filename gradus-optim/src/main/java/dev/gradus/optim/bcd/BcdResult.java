package dev.gradus.optim.bcd;

/**
 * The outcome of a {@link BlockCoordinateDescent} run of {@code T} iterations.
 *
 * @param x the final point
 * @param objective {@code F(x_t)} for {@code t = 0..T} (entry 0 is the start)
 * @param gradientEvaluations cumulative full-gradient equivalents after each iteration, {@code t = 0..T}
 *     (a greedy rule costs one per iteration, a block gradient {@code |b|/n}): compare rules at equal cost
 * @param activeSetSize the number of nonzero coordinates of {@code x_t}, {@code t = 0..T}
 * @param supportSettledAt the first iteration after which the set of nonzero coordinates never changed again
 *     (active-set identification); {@code 0} when it never changed
 */
public record BcdResult(double[] x, double[] objective, double[] gradientEvaluations, int[] activeSetSize,
        int supportSettledAt) {

    /** The number of iterations run. */
    public int iterations() {
        return objective.length - 1;
    }

    /** The final objective. */
    public double finalObjective() {
        return objective[objective.length - 1];
    }

    /** The indices of the nonzero coordinates of the final point, ascending. */
    public int[] activeSet() {
        int count = 0;
        for (double v : x) {
            if (v != 0.0) {
                count++;
            }
        }
        int[] s = new int[count];
        int p = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] != 0.0) {
                s[p++] = i;
            }
        }
        return s;
    }
}
