package dev.gradus.nn.structure;

import dev.gradus.tensor.MatrixExponential;

/**
 * NOTEARS' smooth acyclicity function (Zheng et al., NeurIPS 2018, Theorem 1):
 * <pre>
 *   h(W) = tr(e^{W∘W}) − d,    ∇h(W) = (e^{W∘W})ᵀ ∘ 2W
 * </pre>
 * {@code h(W) = 0} exactly when the graph of {@code W} is a DAG. With {@code A = W∘W}, {@code ∂h/∂A = (e^A)ᵀ}, whose
 * entry {@code (i, j)} is positive exactly when there is a path {@code j ⇝ i}, so that adding {@code i → j} would close a
 * cycle: TOPO ranks its candidate swaps by it ({@link #pathGradient}).
 */
public final class Acyclicity {
    private Acyclicity() {}

    /** {@code h(W)}; writes {@code ∇h(W)} into {@code grad} unless it is null. */
    public static double valueAndGradient(double[] w, int d, double[] grad) {
        double[] a = new double[d * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = w[i] * w[i];
        }
        double[] e = MatrixExponential.of(a, d);
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += e[i * d + i];
        }
        if (grad != null) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    grad[i * d + j] = e[j * d + i] * 2 * w[i * d + j];
                }
            }
        }
        return trace - d;
    }

    /** {@code ∂h/∂A = (e^{W∘W})ᵀ}, row-major: entry {@code (i, j)} measures the paths {@code j ⇝ i}. */
    public static double[] pathGradient(double[] w, int d) {
        double[] a = new double[d * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = w[i] * w[i];
        }
        double[] e = MatrixExponential.of(a, d);
        double[] g = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                g[i * d + j] = e[j * d + i];
            }
        }
        return g;
    }
}
