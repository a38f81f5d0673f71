package dev.gradus.privacy.accounting;

/**
 * A privacy-loss distribution on the uniform grid {@code v_i = start + i·h}: the composition of rounded per-step
 * losses, as {@link PrvAccountant} builds it. It answers the two hockey-stick queries
 * {@code δ(ε) = Σ_{v_i > ε} p_i (1 − e^{ε − v_i})} and its inverse.
 */
final class ComposedPld {
    private final double start;
    private final double h;
    private final double[] p;

    ComposedPld(double start, double h, double[] p) {
        this.start = start;
        this.h = h;
        this.p = p;
    }

    /** {@code δ(ε)}, exact for this discrete distribution. */
    double delta(double epsilon) {
        double d = 0;
        for (int i = p.length - 1; i >= 0; i--) {
            double v = start + i * h;
            if (v <= epsilon) {
                break;
            }
            d += p[i] * -Math.expm1(epsilon - v);
        }
        return d;
    }

    /**
     * The smallest {@code ε >= 0} with {@code δ(ε) <= delta}. Scans down from the top keeping {@code A = Σ_{i>=j} p_i}
     * and {@code B = Σ_{i>=j} p_i e^{v_j − v_i}}, so that on {@code [v_{j−1}, v_j]} {@code δ(ε) = A − e^{ε − v_j} B}
     * with every exponential at most 1, whatever the range of the grid.
     */
    double epsilon(double delta) {
        double a = 0;
        double b = 0;
        double decay = Math.exp(-h);
        if (p.length == 0 || start + (p.length - 1) * h <= 0) {
            return 0;
        }
        for (int j = p.length - 1; j >= 0; j--) {
            b = b * decay + p[j];
            a += p[j];
            double vj = start + j * h;
            double low = j == 0 ? 0 : Math.max(0, vj - h); // the interval [low, v_j] where {v > eps} = {i >= j}
            if (a - Math.exp(low - vj) * b >= delta) {
                return Math.max(low, vj + Math.log((a - delta) / b));
            }
            if (low == 0) {
                return 0; // δ(0) is already below the target
            }
        }
        return 0;
    }
}
