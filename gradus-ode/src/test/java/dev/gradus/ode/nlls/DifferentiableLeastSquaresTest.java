package dev.gradus.ode.nlls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class DifferentiableLeastSquaresTest {
    /** Tight enough that finite differences of the solve see the exact minimiser (stops at the rounding floor). */
    private static final LevenbergMarquardt TIGHT = new LevenbergMarquardt(1e-3, 0, 1e-15, 0, 500);

    private static final ResidualFunction LINEAR =
            (w, th) -> th.get(0).matmul(w.reshape(w.dim(0), 1)).reshape(-1).sub(th.get(1));

    /** A square, satisfiable nonlinear system r = w + 0.5 tanh(M w) - b: zero residual at the solution. */
    private static final ResidualFunction SQUARE =
            (w, th) -> w.add(th.get(0).matmul(w.reshape(3, 1)).reshape(-1).tanh().mul(0.5)).sub(th.get(1));

    /** An exponential fit y = a exp(-b x) + c with noisy data: a nonzero residual at the solution. */
    private static final ResidualFunction EXP_FIT = (w, th) -> w.narrow(0, 0, 1)
            .mul(th.get(0).mul(w.narrow(0, 1, 1).neg()).exp()).add(w.narrow(0, 2, 1)).sub(th.get(1));

    /** The design's unit test: closed-form linear least squares, d w* / d b, finite differences of the solve, 1e-7. */
    @Test
    void gaussNewtonVjpMatchesFiniteDifferencesOnLinearLeastSquares() {
        RandomStream rng = RandomStream.of(11);
        Tensor a = Tensor.randn(rng, 10, 4);
        Tensor b = Tensor.randn(rng, 10);
        DifferentiableLeastSquares layer = DifferentiableLeastSquares.gaussNewton(TIGHT);
        // with theta = b alone J_theta = -I, so the Gauss-Newton form is exact even with a nonzero residual
        GradCheck.check(xs -> layer.solve(LINEAR, Tensor.zeros(4), List.of(Var.constant(a), xs.get(0))),
                List.of(b), 1e-5, false).requireBelow(1e-7);
    }

    @Test
    void gaussNewtonIsExactOnASatisfiableNonlinearSystem() {
        RandomStream rng = RandomStream.of(5);
        Tensor m = Tensor.randn(rng, 3, 3).mul(0.6);
        Tensor b = Tensor.randn(rng, 3);
        DifferentiableLeastSquares layer = DifferentiableLeastSquares.gaussNewton(TIGHT);
        GradCheck.Report report = GradCheck.check(
                xs -> layer.solve(SQUARE, Tensor.zeros(3), xs), List.of(m, b), 1e-5, false);
        report.requireBelow(1e-7);
        assertThat(layer.lastResult().cost()).isLessThan(1e-25);
    }

    @Test
    void exactLinearizationMatchesFiniteDifferencesWithANonzeroResidual() {
        Tensor[] data = noisyExponential();
        DifferentiableLeastSquares layer = DifferentiableLeastSquares.exact(TIGHT);
        GradCheck.check(xs -> layer.solve(EXP_FIT, Tensor.vector(1, 1, 0), xs), List.of(data[0], data[1]), 1e-5, false)
                .requireBelow(1e-6);
        // and on linear least squares with the matrix as input too (the mixed term depends on the residual)
        RandomStream rng = RandomStream.of(13);
        Tensor a = Tensor.randn(rng, 9, 3);
        Tensor b = Tensor.randn(rng, 9);
        GradCheck.check(xs -> layer.solve(LINEAR, Tensor.zeros(3), xs), List.of(a, b), 1e-5, false).requireBelow(1e-7);
    }

    /** The Gauss-Newton form drops curvature terms that a nonzero residual makes visible: the check must see it. */
    @Test
    void gaussNewtonDeviatesWhenTheResidualDoesNotVanish() {
        Tensor[] data = noisyExponential();
        DifferentiableLeastSquares layer = DifferentiableLeastSquares.gaussNewton(TIGHT);
        GradCheck.Report report = GradCheck.check(
                xs -> layer.solve(EXP_FIT, Tensor.vector(1, 1, 0), xs), List.of(data[0], data[1]), 1e-5, false);
        assertThat(report.maxScaledError()).isGreaterThan(1e-4);
    }

    @Test
    void gradientsReachOnlyInputsThatRequireThem() {
        Tensor[] data = noisyExponential();
        Var x = Var.constant(data[0]);
        Var y = Var.param(data[1].copy());
        Var w = DifferentiableLeastSquares.gaussNewton(LevenbergMarquardt.defaults())
                .solve(EXP_FIT, Tensor.vector(1, 1, 0), List.of(x, y));
        List<Tensor> g = Autodiff.grad(w.sum(), List.of(y));
        assertThat(g.get(0).shape()).containsExactly(data[1].size());
        assertThat(g.get(0).abs().sum()).isGreaterThan(0);
    }

    @Test
    void secondOrderThroughTheLayerIsRefused() {
        Tensor[] data = noisyExponential();
        Var y = Var.param(data[1].copy());
        Var w = DifferentiableLeastSquares.gaussNewton(LevenbergMarquardt.defaults())
                .solve(EXP_FIT, Tensor.vector(1, 1, 0), List.of(Var.constant(data[0]), y));
        assertThatThrownBy(() -> Autodiff.gradGraph(w.sum(), List.of(y)))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("first order");
        assertThatThrownBy(() -> new DifferentiableLeastSquares(null, Linearization.EXACT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be null");
    }

    private static Tensor[] noisyExponential() {
        RandomStream rng = RandomStream.of(17);
        int m = 20;
        Tensor x = Tensor.zeros(m);
        Tensor y = Tensor.zeros(m);
        Tensor noise = Tensor.randn(rng, m);
        for (int i = 0; i < m; i++) {
            x.data()[i] = 0.15 * i;
            y.data()[i] = 2.0 * Math.exp(-0.9 * x.data()[i]) + 0.3 + 0.1 * noise.data()[i];
        }
        return new Tensor[] {x, y};
    }
}
