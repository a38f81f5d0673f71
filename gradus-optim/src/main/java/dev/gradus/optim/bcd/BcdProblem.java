package dev.gradus.optim.bcd;

import org.ejml.data.DMatrixRMaj;

/**
 * {@code F(x) = Σ_k ℓ(a_kᵀx, y_k) + λ‖x‖₁}: a {@link BcdLoss} of the linear predictor {@code Ax} of a
 * {@link DesignMatrix}, with an optional L1 weight {@code λ ≥ 0} (the proximal variant).
 *
 * @param a the design matrix, rows are samples
 * @param y the targets (least squares) or labels in {−1, +1} (logistic), one per row
 * @param loss the per-sample loss
 * @param l1 the L1 weight {@code λ}; 0 gives the smooth problem
 */
public record BcdProblem(DesignMatrix a, double[] y, BcdLoss loss, double l1) {

    /** Checks the sizes, the labels and the L1 weight. */
    public BcdProblem {
        if (y.length != a.rows()) {
            throw new IllegalArgumentException("bcd problem: y has " + y.length + " entries, the matrix has "
                    + a.rows() + " rows");
        }
        if (!(l1 >= 0.0) || Double.isInfinite(l1)) {
            throw new IllegalArgumentException("bcd problem: l1 must be finite and >= 0, got " + l1);
        }
        if (loss == BcdLoss.LOGISTIC) {
            for (int k = 0; k < y.length; k++) {
                if (y[k] != 1.0 && y[k] != -1.0) {
                    throw new IllegalArgumentException("bcd problem: logistic labels must be -1 or +1, y[" + k
                            + "] = " + y[k]);
                }
            }
        }
    }

    /** Least squares {@code ½‖Ax − y‖²}. */
    public static BcdProblem leastSquares(DesignMatrix a, double[] y) {
        return new BcdProblem(a, y, BcdLoss.LEAST_SQUARES, 0.0);
    }

    /** Logistic regression with labels in {−1, +1}. */
    public static BcdProblem logistic(DesignMatrix a, double[] y) {
        return new BcdProblem(a, y, BcdLoss.LOGISTIC, 0.0);
    }

    /** The same problem with L1 weight {@code lambda}. */
    public BcdProblem withL1(double lambda) {
        return new BcdProblem(a, y, loss, lambda);
    }

    /** The number of coordinates. */
    public int dimension() {
        return a.cols();
    }

    /** {@code F(x)}. */
    public double objective(double[] x) {
        double[] m = new double[a.rows()];
        a.multiply(x, m);
        return objectiveAt(x, m);
    }

    /** {@code F(x)} given the predictor {@code m = Ax}. */
    double objectiveAt(double[] x, double[] m) {
        double f = 0.0;
        for (int k = 0; k < m.length; k++) {
            f += loss.value(m[k], y[k]);
        }
        if (l1 > 0.0) {
            double s = 0.0;
            for (double v : x) {
                s += Math.abs(v);
            }
            f += l1 * s;
        }
        return f;
    }

    /** The smooth part's gradient {@code ∇f(x) = Aᵀ ℓ'(Ax)}. */
    public double[] gradient(double[] x) {
        double[] m = new double[a.rows()];
        a.multiply(x, m);
        double[] r = new double[m.length];
        for (int k = 0; k < m.length; k++) {
            r[k] = loss.derivative(m[k], y[k]);
        }
        double[] g = new double[a.cols()];
        for (int j = 0; j < g.length; j++) {
            g[j] = a.columnDot(j, r);
        }
        return g;
    }

    /** The per-coordinate Lipschitz constants {@code L_i = c‖A_{:,i}‖²} of the smooth part. */
    public double[] coordinateLipschitz() {
        double c = loss.curvatureBound();
        double[] l = new double[a.cols()];
        for (int j = 0; j < l.length; j++) {
            l[j] = c * a.weightedColumnDot(j, j, null);
        }
        return l;
    }

    /** The block Hessian bound {@code M_b = c·A_bᵀA_b} (exact for least squares). */
    public DMatrixRMaj blockHessianBound(int[] block) {
        return blockGram(block, null, loss.curvatureBound());
    }

    /** The block Hessian {@code H_bb = A_bᵀ diag(ℓ''(m)) A_b} at the predictor {@code m}. */
    public DMatrixRMaj blockHessian(int[] block, double[] m) {
        if (loss == BcdLoss.LEAST_SQUARES) {
            return blockGram(block, null, 1.0);
        }
        double[] w = new double[m.length];
        for (int k = 0; k < m.length; k++) {
            w[k] = loss.secondDerivative(m[k], y[k]);
        }
        return blockGram(block, w, 1.0);
    }

    private DMatrixRMaj blockGram(int[] block, double[] w, double scale) {
        int s = block.length;
        DMatrixRMaj h = new DMatrixRMaj(s, s);
        for (int p = 0; p < s; p++) {
            for (int q = p; q < s; q++) {
                double v = scale * a.weightedColumnDot(block[p], block[q], w);
                h.unsafe_set(p, q, v);
                h.unsafe_set(q, p, v);
            }
        }
        return h;
    }
}
