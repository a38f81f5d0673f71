package dev.gradus.nn.structure;

import dev.gradus.tensor.Tensor;

/**
 * The least-squares score of a linear SEM from its sufficient statistic {@code Σ = XᵀX / n}:
 * <pre>
 *   F(W) = (1/2n) ‖X − XW‖²_F = ½ tr((I − W)ᵀ Σ (I − W)),    ∇F(W) = −Σ (I − W)
 * </pre>
 * (X. Zheng et al., "DAGs with NO TEARS", NeurIPS 2018, eq. (2) without the L1 term, which {@link Notears} adds).
 * The score splits over nodes, {@code F = Σ_j ½ (Σ_jj − 2 w_jᵀΣ_{·j} + w_jᵀ Σ w_j)} for column {@code w_j}, so the best
 * fit of node {@code j} on a parent set {@code P} is ordinary least squares, {@code Σ_PP b = Σ_Pj}, with loss
 * {@code ½ (Σ_jj − bᵀΣ_Pj)} ({@link #fitNode}): the cost is independent of {@code n}.
 */
public final class LeastSquaresScore {
    private final int d;
    private final double[] sigma;

    private LeastSquaresScore(int d, double[] sigma) {
        this.d = d;
        this.sigma = sigma;
    }

    /** The score of data {@code x [n, d]} (rows are samples); the data are not centred. */
    public static LeastSquaresScore of(Tensor x) {
        int[] s = x.shape();
        if (s.length != 2 || s[0] < 1 || s[1] < 1) {
            throw new IllegalArgumentException("LeastSquaresScore: expected data [n, d] with n, d >= 1, got "
                    + java.util.Arrays.toString(s));
        }
        int n = s[0];
        int d = s[1];
        double[] xs = x.data();
        double[] sigma = new double[d * d];
        for (int r = 0; r < n; r++) {
            int o = r * d;
            for (int i = 0; i < d; i++) {
                double xi = xs[o + i];
                for (int j = i; j < d; j++) {
                    sigma[i * d + j] += xi * xs[o + j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                sigma[i * d + j] /= n;
                sigma[j * d + i] = sigma[i * d + j];
            }
        }
        return new LeastSquaresScore(d, sigma);
    }

    /** The number of variables d. */
    public int dim() {
        return d;
    }

    /** {@code F(W)} for a row-major {@code d x d} weight matrix. */
    public double value(double[] w) {
        return valueAndGradient(w, null);
    }

    /** {@code F(W)}; writes {@code ∇F(W) = −Σ(I − W)} into {@code grad} unless it is null. */
    public double valueAndGradient(double[] w, double[] grad) {
        if (w.length != d * d) {
            throw new IllegalArgumentException("LeastSquaresScore: W has " + w.length + " entries, expected " + d
                    + " x " + d);
        }
        double[] r = new double[d * d];                  // R = Σ (I − W)
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                double sik = sigma[i * d + k];
                if (sik == 0) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    r[i * d + j] += sik * ((k == j ? 1 : 0) - w[k * d + j]);
                }
            }
        }
        double value = 0;                                // ½ tr((I − W)ᵀ R)
        for (int k = 0; k < d; k++) {
            for (int j = 0; j < d; j++) {
                value += ((k == j ? 1 : 0) - w[k * d + j]) * r[k * d + j];
            }
        }
        if (grad != null) {
            for (int i = 0; i < r.length; i++) {
                grad[i] = -r[i];
            }
        }
        return 0.5 * value;
    }

    /**
     * Fits node {@code j} on {@code parents} by least squares: writes the coefficients into {@code coef} (length at
     * least {@code parents.length}, may be null) and returns the node's loss {@code ½ (Σ_jj − bᵀΣ_Pj)}.
     */
    public double fitNode(int j, int[] parents, int count, double[] coef) {
        if (count == 0) {
            return 0.5 * sigma[j * d + j];
        }
        double[] a = new double[count * count];
        double[] b = new double[count];
        for (int p = 0; p < count; p++) {
            int ip = parents[p];
            for (int q = 0; q <= p; q++) {
                a[p * count + q] = sigma[ip * d + parents[q]];
            }
            b[p] = sigma[ip * d + j];
        }
        // Cholesky A = LLᵀ in the lower triangle; a vanishing pivot (collinear parents) is floored
        for (int p = 0; p < count; p++) {
            for (int q = 0; q <= p; q++) {
                double s = a[p * count + q];
                for (int k = 0; k < q; k++) {
                    s -= a[p * count + k] * a[q * count + k];
                }
                if (p == q) {
                    a[p * count + p] = Math.sqrt(Math.max(s, 1e-12 * (1 + sigma[parents[p] * d + parents[p]])));
                } else {
                    a[p * count + q] = s / a[q * count + q];
                }
            }
        }
        double[] z = new double[count];
        for (int p = 0; p < count; p++) {
            double s = b[p];
            for (int k = 0; k < p; k++) {
                s -= a[p * count + k] * z[k];
            }
            z[p] = s / a[p * count + p];
        }
        double explained = 0;
        for (double v : z) {
            explained += v * v;                           // bᵀΣ_Pj = zᵀz with L z = Σ_Pj
        }
        if (coef != null) {
            for (int p = count - 1; p >= 0; p--) {
                double s = z[p];
                for (int k = p + 1; k < count; k++) {
                    s -= a[k * count + p] * coef[k];
                }
                coef[p] = s / a[p * count + p];
            }
        }
        return 0.5 * (sigma[j * d + j] - explained);
    }
}
