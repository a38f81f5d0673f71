package dev.gradus.ode.nlls;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The residual {@code r(w, theta)} of a nonlinear least-squares problem {@code min_w 1/2 ||r(w, theta)||^2}: {@code w}
 * is the vector {@code [n]} solved for, {@code theta} are the outer inputs (network outputs, parameters) that the
 * solution is differentiated with respect to. The residual may have any shape; it is read flattened, as {@code m}
 * values.
 *
 * <p>{@link #residual} is written with autodiff operations: the backward pass of {@link DifferentiableLeastSquares}
 * differentiates it with respect to {@code theta}. The forward solve only needs values and the Jacobian
 * {@code J = dr/dw} {@code [m, n]}; the defaults compute them from {@link #residual} (the Jacobian by {@code m}
 * reverse passes, one per row), and a problem with a cheap analytic Jacobian overrides {@link #jacobian}. An override
 * must agree with the derivative of {@link #residual}; that is worth a test.
 *
 * <pre>{@code
 * // exponential fit y ~ a exp(b x), w = (a, b), theta = (x, y)
 * ResidualFunction fit = (w, th) -> w.narrow(0, 0, 1).mul(th.get(0).mul(w.narrow(0, 1, 1)).exp()).sub(th.get(1));
 * }</pre>
 */
@FunctionalInterface
public interface ResidualFunction {
    /** {@code r(w, theta)}, differentiable in both. */
    Var residual(Var w, List<Var> theta);

    /** The residual's values, flattened to {@code [m]}. */
    default Tensor value(Tensor w, List<Tensor> theta) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return residual(Var.constant(w), constants(theta)).value().reshape(-1).copy();
        }
    }

    /** The Jacobian {@code dr/dw} {@code [m, n]} at {@code (w, theta)}; by default one reverse pass per residual. */
    default Tensor jacobian(Tensor w, List<Tensor> theta) {
        try (GradMode.Scope ignored = GradMode.enableGrad()) {
            Var wv = Var.param(w.copy());
            Var r = residual(wv, constants(theta)).reshape(-1);
            int m = r.value().size();
            int n = w.size();
            Tensor jac = Tensor.zeros(m, n);
            double[] jd = jac.data();
            if (!r.requiresGrad()) {
                return jac; // the residual does not depend on w
            }
            Tensor seed = Tensor.zeros(m);
            for (int i = 0; i < m; i++) {
                seed.data()[i] = 1.0;
                seed.markModified();
                double[] row = Autodiff.grad(r, List.of(wv), seed, true).get(0).data();
                System.arraycopy(row, 0, jd, i * n, n);
                seed.data()[i] = 0.0;
            }
            return jac;
        }
    }

    private static List<Var> constants(List<Tensor> theta) {
        List<Var> out = new ArrayList<>(theta.size());
        for (Tensor t : theta) {
            out.add(Var.constant(t));
        }
        return out;
    }
}
