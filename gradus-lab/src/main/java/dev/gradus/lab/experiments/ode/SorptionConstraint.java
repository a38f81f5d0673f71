package dev.gradus.lab.experiments.ode;

import dev.gradus.autodiff.Var;
import dev.gradus.ode.nlls.ResidualFunction;
import dev.gradus.tensor.Tensor;
import java.util.List;

/**
 * The hard constraints of one expert: the diffusion-sorption residual at its PDE points, the initial and boundary
 * values at its boundary points, and a tiny ridge that makes each solve well posed when an expert has fewer
 * constraints than coefficients (its solution is then the least-norm one that meets them):
 * <pre>
 *   r(w) = [ B_t w - kappa (B_xx w) / R(B w) ;  B_b w - g ;  sqrt(alpha) w ]
 * </pre>
 * with {@code theta = (B, B_t, B_xx, B_b, g)}. The Jacobian in {@code w} is analytic:
 * {@code B_t - kappa (B_xx / R - u_xx R'(u) B / R^2)} on the PDE rows, {@code B_b} on the boundary rows,
 * {@code sqrt(alpha) I} on the ridge rows.
 */
final class SorptionConstraint implements ResidualFunction {
    /** The ridge weight alpha. */
    static final double ALPHA = 1e-10;

    @Override
    public Var residual(Var w, List<Var> theta) {
        Var col = w.reshape(w.dim(0), 1);
        Var u = theta.get(0).matmul(col).reshape(-1);
        Var ut = theta.get(1).matmul(col).reshape(-1);
        Var uxx = theta.get(2).matmul(col).reshape(-1);
        Var pde = DiffusionSorption.pdeResidual(u, ut, uxx);
        Var bnd = theta.get(3).matmul(col).reshape(-1).sub(theta.get(4));
        return Var.concat(List.of(pde, bnd, w.mul(Math.sqrt(ALPHA))), 0);
    }

    @Override
    public Tensor value(Tensor w, List<Tensor> theta) {
        int n = w.size();
        double[] b = theta.get(0).data();
        double[] bt = theta.get(1).data();
        double[] bxx = theta.get(2).data();
        double[] bb = theta.get(3).data();
        double[] g = theta.get(4).data();
        int mp = theta.get(0).dim(0);
        int mb = theta.get(3).dim(0);
        double[] wd = w.data();
        double[] out = new double[mp + mb + n];
        for (int i = 0; i < mp; i++) {
            double u = 0, ut = 0, uxx = 0;
            for (int j = 0; j < n; j++) {
                u += b[i * n + j] * wd[j];
                ut += bt[i * n + j] * wd[j];
                uxx += bxx[i * n + j] * wd[j];
            }
            out[i] = ut - DiffusionSorption.KAPPA * uxx / DiffusionSorption.retardation(u);
        }
        for (int i = 0; i < mb; i++) {
            double u = 0;
            for (int j = 0; j < n; j++) {
                u += bb[i * n + j] * wd[j];
            }
            out[mp + i] = u - g[i];
        }
        double s = Math.sqrt(ALPHA);
        for (int j = 0; j < n; j++) {
            out[mp + mb + j] = s * wd[j];
        }
        return Tensor.of(out, out.length);
    }

    @Override
    public Tensor jacobian(Tensor w, List<Tensor> theta) {
        int n = w.size();
        double[] b = theta.get(0).data();
        double[] bt = theta.get(1).data();
        double[] bxx = theta.get(2).data();
        double[] bb = theta.get(3).data();
        int mp = theta.get(0).dim(0);
        int mb = theta.get(3).dim(0);
        double[] wd = w.data();
        double[] jac = new double[(mp + mb + n) * n];
        for (int i = 0; i < mp; i++) {
            double u = 0, uxx = 0;
            for (int j = 0; j < n; j++) {
                u += b[i * n + j] * wd[j];
                uxx += bxx[i * n + j] * wd[j];
            }
            double r = DiffusionSorption.retardation(u);
            double slope = DiffusionSorption.retardationSlope(u);
            double k = DiffusionSorption.KAPPA;
            for (int j = 0; j < n; j++) {
                jac[i * n + j] = bt[i * n + j] - k * (bxx[i * n + j] / r - uxx * slope * b[i * n + j] / (r * r));
            }
        }
        System.arraycopy(bb, 0, jac, mp * n, mb * n);
        double s = Math.sqrt(ALPHA);
        for (int j = 0; j < n; j++) {
            jac[(mp + mb + j) * n + j] = s;
        }
        return Tensor.of(jac, mp + mb + n, n);
    }
}
