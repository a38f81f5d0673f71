package dev.gradus.nn.objective;

import dev.gradus.tensor.TensorMap;
import java.util.List;

/**
 * ParetoDA's target-guided Pareto descent direction: among the convex combinations {@code d = Σ_i α_i g_i} of
 * the objectives' gradients that descend on every objective, the one most aligned with the gradient
 * {@code g_v} of a guide loss on held-out target data.
 * <pre>
 *   guided    (while L_v &gt; ε):  max_α  αᵀ(G g_v)        s.t.  α ∈ Δ_m,  (G Gᵀ α)_j ≥ 0  for every j
 *   dominance (once L_v ≤ ε):   max_α  Σ_j (G Gᵀ α)_j    s.t.  α ∈ Δ_m,  (G Gᵀ α)_j ≥ 0  for every j
 * </pre>
 * {@code (G Gᵀ α)_j = g_j · d} is the first-order decrease of objective {@code j} along {@code −d}. The feasible
 * set is never empty: the MGDA min-norm point ({@link MultipleGradientDescent}) has {@code g_j · d ≥ ‖d‖² ≥ 0}.
 * The linear program has {@code m} unknowns and is solved exactly by enumerating the vertices of the feasible
 * polytope (each where {@code m − 1} of the {@code 2m} inequalities are tight, with {@code Σ α = 1}), which is
 * cheap for the few objectives of domain adaptation ({@code m ≤ 6}); the min-norm point is a candidate too, so
 * the answer is never worse than MGDA's on the LP objective. The update of the shared parameters is
 * {@code m · d} (the reference's {@code 3·Σ α_i ∇L_i} for three objectives), and task-specific parameters take
 * the plain sum of their gradients.
 *
 * <p>Reference: F. Lv, J. Liang, K. Gong, S. Li, C. H. Liu, H. Li, D. Liu, G. Wang, "Pareto Domain Adaptation",
 * NeurIPS 2021 (code {@code BIT-DA/ParetoDA tools/epo_lp_dna.py}, after EPO: D. Mahapatra, V. Rajan, ICML 2020).
 * Deviation: the reference's balance mode leaves unconstrained the objectives already aligned with
 * {@code g_v}; here every objective is constrained, so the direction is always a common descent direction.
 *
 * <pre>{@code
 * double[] alpha = ParetoDirection.weights(List.of(gSource, gAlign, gTarget), gHeldOut, heldOutLoss, 1e-3);
 * TensorMap d = MultipleGradientDescent.combine(List.of(gSource, gAlign, gTarget), alpha);
 * }</pre>
 */
public final class ParetoDirection {

    /** The largest number of objectives the vertex enumeration accepts. */
    public static final int MAX_OBJECTIVES = 6;

    private static final double FEASIBLE = 1e-9;

    private ParetoDirection() {}

    /**
     * The weights for one step: the guided LP while {@code guideLoss > eps}, the dominance LP afterwards.
     *
     * @param gradients the objectives' gradients over the shared parameters
     * @param guide the guide loss's gradient {@code g_v} over the same parameters
     */
    public static double[] weights(List<TensorMap> gradients, TensorMap guide, double guideLoss, double eps) {
        double[][] gram = MultipleGradientDescent.gram(gradients);
        if (guideLoss > eps) {
            return guided(gram, MultipleGradientDescent.alignment(gradients, guide));
        }
        return dominance(gram);
    }

    /** The guided LP: {@code max αᵀ a} over the common descent directions, {@code a_i = g_i · g_v}. */
    public static double[] guided(double[][] gram, double[] alignment) {
        int m = MultipleGradientDescent.checkGram(gram, "ParetoDirection");
        if (alignment.length != m) {
            throw new IllegalArgumentException("ParetoDirection: " + alignment.length + " alignments for " + m
                    + " objectives");
        }
        return solve(gram, alignment);
    }

    /** The dominance LP: {@code max Σ_j (Mα)_j} over the common descent directions. */
    public static double[] dominance(double[][] gram) {
        int m = MultipleGradientDescent.checkGram(gram, "ParetoDirection");
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                c[i] += gram[j][i];
            }
        }
        return solve(gram, c);
    }

    /** {@code max cᵀα} s.t. {@code α ≥ 0, Σα = 1, Mα ≥ 0}, by vertex enumeration. */
    private static double[] solve(double[][] gram, double[] c) {
        int m = gram.length;
        if (m > MAX_OBJECTIVES) {
            throw new IllegalArgumentException("ParetoDirection: " + m + " objectives; at most " + MAX_OBJECTIVES);
        }
        for (double v : c) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("ParetoDirection: the LP objective has a non-finite entry " + v);
            }
        }
        // Inequalities k < m: α_k ≥ 0; k ≥ m: (Mα)_{k−m} ≥ 0. Each as a row r with r·α ≥ 0.
        int n = 2 * m;
        double[][] rows = new double[n][];
        double scale = 0.0;
        for (int i = 0; i < m; i++) {
            scale = Math.max(scale, Math.abs(gram[i][i]));
        }
        for (int k = 0; k < m; k++) {
            rows[k] = new double[m];
            rows[k][k] = 1.0;
            rows[m + k] = gram[k].clone();
        }
        double[] best = MultipleGradientDescent.weights(gram);
        double bestValue = MultipleGradientDescent.dot(c, best);
        int[] pick = new int[m - 1];
        double[][] a = new double[m][m + 1];
        double[] alpha = new double[m];
        double[] ma = new double[m];
        for (boolean more = init(pick, n); more; more = next(pick, n)) {
            for (int r = 0; r < m - 1; r++) {
                System.arraycopy(rows[pick[r]], 0, a[r], 0, m);
                a[r][m] = 0.0;
            }
            java.util.Arrays.fill(a[m - 1], 1.0);
            if (!gauss(a, alpha)) {
                continue;
            }
            MultipleGradientDescent.times(gram, alpha, ma);
            boolean ok = true;
            for (int k = 0; k < m && ok; k++) {
                ok = alpha[k] >= -FEASIBLE && ma[k] >= -FEASIBLE * Math.max(1.0, scale);
            }
            double value = MultipleGradientDescent.dot(c, alpha);
            if (ok && value > bestValue + 1e-15 * Math.max(1.0, Math.abs(bestValue))) {
                bestValue = value;
                for (int k = 0; k < m; k++) {
                    best[k] = Math.max(0.0, alpha[k]);
                }
            }
        }
        double sum = 0.0;
        for (double v : best) {
            sum += v;
        }
        for (int k = 0; k < m; k++) {
            best[k] /= sum;
        }
        return best;
    }

    private static boolean init(int[] pick, int n) {
        for (int i = 0; i < pick.length; i++) {
            pick[i] = i;
        }
        return pick.length <= n;
    }

    /** The next (m−1)-subset of {@code 0..n−1} in lexicographic order. */
    private static boolean next(int[] pick, int n) {
        int k = pick.length;
        int i = k - 1;
        while (i >= 0 && pick[i] == n - k + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        pick[i]++;
        for (int j = i + 1; j < k; j++) {
            pick[j] = pick[j - 1] + 1;
        }
        return true;
    }

    /** Solves the augmented system {@code a} in place with partial pivoting; false when it is singular. */
    private static boolean gauss(double[][] a, double[] x) {
        int m = a.length;
        double norm = 0.0;
        for (double[] row : a) {
            for (int j = 0; j < m; j++) {
                norm = Math.max(norm, Math.abs(row[j]));
            }
        }
        for (int col = 0; col < m; col++) {
            int p = col;
            for (int r = col + 1; r < m; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[p][col])) {
                    p = r;
                }
            }
            if (Math.abs(a[p][col]) <= 1e-12 * norm) {
                return false;
            }
            double[] tmp = a[p];
            a[p] = a[col];
            a[col] = tmp;
            for (int r = col + 1; r < m; r++) {
                double f = a[r][col] / a[col][col];
                for (int j = col; j <= m; j++) {
                    a[r][j] -= f * a[col][j];
                }
            }
        }
        for (int r = m - 1; r >= 0; r--) {
            double s = a[r][m];
            for (int j = r + 1; j < m; j++) {
                s -= a[r][j] * x[j];
            }
            x[r] = s / a[r][r];
        }
        return true;
    }
}
