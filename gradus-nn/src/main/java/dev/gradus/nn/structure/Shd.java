package dev.gradus.nn.structure;

/**
 * The structural Hamming distance between a true and an estimated DAG: the number of node pairs whose edge differs
 * (missing, extra, or reversed, a reversal counting once), as {@code count_accuracy} of {@code xunzheng/notears}
 * computes it ({@code shd = extra + missing + reverse}). Weights are ignored; a nonzero entry is an edge.
 */
public final class Shd {
    private Shd() {}

    /** SHD between {@code truth} and {@code estimate}, both row-major {@code d x d}. */
    public static int of(double[] truth, double[] estimate, int d) {
        if (truth.length != d * d || estimate.length != d * d) {
            throw new IllegalArgumentException("Shd: matrices have " + truth.length + " and " + estimate.length
                    + " entries, expected " + d + " x " + d);
        }
        int shd = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                boolean tij = truth[i * d + j] != 0;
                boolean tji = truth[j * d + i] != 0;
                boolean eij = estimate[i * d + j] != 0;
                boolean eji = estimate[j * d + i] != 0;
                if (tij != eij || tji != eji) {
                    shd++;
                }
            }
        }
        return shd;
    }
}
