package dev.gradus.optim.bcd;

import dev.gradus.tensor.RandomStream;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * How block coordinate descent picks the block to update at each iteration (Nutini, Laradji, Schmidt, JMLR 2022,
 * §2-3). With {@code g} the gradient (for the L1 problem: its minimum-norm subgradient, the GS-s rule), a fixed
 * partition into blocks {@code b} and the constants of {@link BlockGeometry}:
 * <ul>
 *   <li>Cyclic: block {@code t mod B}. Random: uniform. Lipschitz: probability {@code ∝ L_b}.</li>
 *   <li>GS: {@code argmax_b ‖g_b‖²}. GSL: {@code argmax_b ‖g_b‖²/L_b}.</li>
 *   <li>GSD: {@code argmax_b Σ_{i∈b} g_i²/(|b|·L_i)}, the diagonal bound {@code L̃_i = |b|·L_i}.</li>
 *   <li>GSQ: {@code argmax_b g_bᵀ M_b⁺ g_b} with {@code M_b} the block Hessian bound.</li>
 * </ul>
 * Variable blocks ({@link #variableBlock}) take, each iteration, the {@code s} coordinates with the largest
 * {@code g_i²} (GS) or {@code g_i²/L_i} (GSL). Ties go to the lowest index.
 *
 * <p>Deviation from the reference code: its GS-type scores sum {@code |g_i|} (an ℓ1 variant); these follow the
 * paper's squared ℓ2 scores.
 */
public enum SelectionRule {

    /** Blocks in turn. */
    CYCLIC,
    /** A uniformly random block. */
    RANDOM,
    /** A random block with probability proportional to {@code L_b}. */
    LIPSCHITZ,
    /** Gauss-Southwell: the largest {@code ‖g_b‖²}. */
    GS,
    /** Gauss-Southwell-Lipschitz: the largest {@code ‖g_b‖²/L_b}. */
    GSL,
    /** Gauss-Southwell with diagonal scaling: the largest {@code Σ g_i²/(|b| L_i)}. */
    GSD,
    /** Gauss-Southwell-quadratic: the largest {@code g_bᵀ M_b⁺ g_b}. */
    GSQ;

    /** Whether the rule needs the whole gradient every iteration. */
    public boolean greedy() {
        return this == GS || this == GSL || this == GSD || this == GSQ;
    }

    /**
     * The greedy score of block {@code b} for gradient {@code g}.
     *
     * @throws IllegalStateException for the non-greedy rules, which have no score
     */
    public double score(int b, double[] g, BlockGeometry geo) {
        int[] block = geo.block(b);
        switch (this) {
            case GS -> {
                return squaredNorm(block, g);
            }
            case GSL -> {
                double l = geo.blockLipschitz(b);
                return l > 0.0 ? squaredNorm(block, g) / l : 0.0;
            }
            case GSD -> {
                double[] li = geo.coordinateLipschitz();
                double s = 0.0;
                for (int i : block) {
                    if (li[i] > 0.0) {
                        s += g[i] * g[i] / (block.length * li[i]);
                    }
                }
                return s;
            }
            case GSQ -> {
                DMatrixRMaj p = geo.boundPseudoInverse(b);
                double s = 0.0;
                for (int r = 0; r < block.length; r++) {
                    double row = 0.0;
                    for (int c = 0; c < block.length; c++) {
                        row += p.unsafe_get(r, c) * g[block[c]];
                    }
                    s += g[block[r]] * row;
                }
                return s;
            }
            default -> throw new IllegalStateException("selection rule " + this + " is not greedy and has no score");
        }
    }

    /** The scores of all blocks (greedy rules only), for inspection and tests. */
    public double[] scores(double[] g, BlockGeometry geo) {
        double[] s = new double[geo.blockCount()];
        for (int b = 0; b < s.length; b++) {
            s[b] = score(b, g, geo);
        }
        return s;
    }

    /**
     * The block to update at iteration {@code t} (from 0). {@code g} is read only by the greedy rules;
     * {@code rng} only by the random ones.
     */
    public int select(int t, double[] g, BlockGeometry geo, RandomStream rng) {
        int count = geo.blockCount();
        switch (this) {
            case CYCLIC -> {
                return t % count;
            }
            case RANDOM -> {
                return rng.nextInt(count);
            }
            case LIPSCHITZ -> {
                double total = 0.0;
                for (int b = 0; b < count; b++) {
                    total += geo.blockLipschitz(b);
                }
                double u = rng.uniform() * total;
                double acc = 0.0;
                for (int b = 0; b < count; b++) {
                    acc += geo.blockLipschitz(b);
                    if (u < acc) {
                        return b;
                    }
                }
                return count - 1;
            }
            default -> {
                int best = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int b = 0; b < count; b++) {
                    double s = score(b, g, geo);
                    if (s > bestScore) {
                        bestScore = s;
                        best = b;
                    }
                }
                return best;
            }
        }
    }

    /**
     * A variable block: the {@code size} coordinates with the largest {@code g_i²} (GS) or {@code g_i²/L_i}
     * (GSL), in ascending index order.
     *
     * @throws IllegalArgumentException for rules other than GS and GSL
     */
    public int[] variableBlock(double[] g, double[] lipschitz, int size) {
        if (this != GS && this != GSL) {
            throw new IllegalArgumentException("variable blocks need selection rule GS or GSL, got " + this);
        }
        int n = g.length;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            double sq = g[i] * g[i];
            s[i] = this == GS ? sq : (lipschitz[i] > 0.0 ? sq / lipschitz[i] : 0.0);
        }
        // Partial selection: keep the current top `size` in a small sorted array (size is small).
        int k = Math.min(size, n);
        int[] top = new int[k];
        int filled = 0;
        for (int i = 0; i < n; i++) {
            if (filled < k) {
                int p = filled++;
                while (p > 0 && s[top[p - 1]] < s[i]) {
                    top[p] = top[p - 1];
                    p--;
                }
                top[p] = i;
            } else if (s[i] > s[top[k - 1]]) {
                int p = k - 1;
                while (p > 0 && s[top[p - 1]] < s[i]) {
                    top[p] = top[p - 1];
                    p--;
                }
                top[p] = i;
            }
        }
        Arrays.sort(top);
        return top;
    }

    private static double squaredNorm(int[] block, double[] g) {
        double s = 0.0;
        for (int i : block) {
            s += g[i] * g[i];
        }
        return s;
    }
}
