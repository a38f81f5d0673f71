package dev.gradus.ode.nlls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Linalg;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.MultivariateJacobianFunction;
import org.hipparchus.util.Pair;
import org.junit.jupiter.api.Test;

class LevenbergMarquardtTest {

    /** r = A w - b: the minimiser is the normal-equations solution. */
    @Test
    void linearLeastSquaresMatchesTheNormalEquations() {
        RandomStream rng = RandomStream.of(7);
        Tensor a = Tensor.randn(rng, 12, 4);
        Tensor b = Tensor.randn(rng, 12);
        ResidualFunction f = (w, th) -> th.get(0).matmul(w.reshape(4, 1)).reshape(-1).sub(th.get(1));
        LevenbergMarquardt.Result res = LevenbergMarquardt.defaults().minimize(f, Tensor.zeros(4), List.of(a, b));
        Tensor closed = Linalg.solve(a.matmul(a, true, false), a.matmul(b.reshape(12, 1), true, false)).reshape(-1);
        for (int i = 0; i < 4; i++) {
            assertThat(res.w().data()[i]).isCloseTo(closed.data()[i], within(1e-10));
        }
        assertThat(res.termination()).isNotEqualTo(LevenbergMarquardt.Termination.MAX_ITERATIONS);
    }

    /** Rosenbrock as least squares, r = (10 (w2 - w1^2), 1 - w1), from the classic start (-1.2, 1): minimum (1, 1). */
    @Test
    void rosenbrockReachesTheMinimumAndMatchesHipparchus() {
        ResidualFunction f = (w, th) -> {
            Var w1 = w.narrow(0, 0, 1);
            Var w2 = w.narrow(0, 1, 1);
            return Var.concat(List.of(w2.sub(w1.square()).mul(10), w1.rsub(1)), 0);
        };
        LevenbergMarquardt.Result res = LevenbergMarquardt.defaults().minimize(f, Tensor.vector(-1.2, 1), List.of());
        MultivariateJacobianFunction model = p -> {
            double x = p.getEntry(0);
            double y = p.getEntry(1);
            return new Pair<>(new ArrayRealVector(new double[] {10 * (y - x * x), 1 - x}),
                    new Array2DRowRealMatrix(new double[][] {{-20 * x, 10}, {-1, 0}}));
        };
        double[] reference = hipparchus(model, new double[] {0, 0}, new double[] {-1.2, 1});
        assertThat(res.w().data()[0]).isCloseTo(1.0, within(1e-9)).isCloseTo(reference[0], within(1e-9));
        assertThat(res.w().data()[1]).isCloseTo(1.0, within(1e-9)).isCloseTo(reference[1], within(1e-9));
        assertThat(res.cost()).isLessThan(1e-20);
    }

    /** A noisy exponential fit y = a exp(-b x) + c (nonzero residual at the optimum), against Hipparchus. */
    @Test
    void exponentialFitMatchesHipparchus() {
        RandomStream rng = RandomStream.of(3);
        int m = 30;
        double[] x = new double[m];
        double[] y = new double[m];
        Tensor noise = Tensor.randn(rng, m);
        for (int i = 0; i < m; i++) {
            x[i] = 0.2 * i;
            y[i] = 2.5 * Math.exp(-1.3 * x[i]) + 0.4 + 0.05 * noise.data()[i];
        }
        Tensor xt = Tensor.vector(x);
        Tensor yt = Tensor.vector(y);
        ResidualFunction f = (w, th) -> w.narrow(0, 0, 1).mul(th.get(0).mul(w.narrow(0, 1, 1).neg()).exp())
                .add(w.narrow(0, 2, 1)).sub(th.get(1));
        LevenbergMarquardt.Result res = LevenbergMarquardt.defaults().minimize(f, Tensor.vector(1, 1, 0), List.of(xt, yt));
        MultivariateJacobianFunction model = p -> {
            double a = p.getEntry(0);
            double b = p.getEntry(1);
            double c = p.getEntry(2);
            double[] v = new double[m];
            double[][] j = new double[m][3];
            for (int i = 0; i < m; i++) {
                double e = Math.exp(-b * x[i]);
                v[i] = a * e + c;
                j[i][0] = e;
                j[i][1] = -a * x[i] * e;
                j[i][2] = 1;
            }
            return new Pair<>(new ArrayRealVector(v), new Array2DRowRealMatrix(j));
        };
        double[] reference = hipparchus(model, y, new double[] {1, 1, 0});
        for (int i = 0; i < 3; i++) {
            assertThat(res.w().data()[i]).isCloseTo(reference[i], within(1e-8));
        }
        assertThat(res.cost()).isGreaterThan(1e-4); // the noise keeps the residual away from zero
    }

    @Test
    void aWrongJacobianShapeIsRefusedWithAMessage() {
        ResidualFunction bad = new ResidualFunction() {
            @Override
            public Var residual(Var w, List<Var> theta) {
                return w.sub(1.0);
            }

            @Override
            public Tensor jacobian(Tensor w, List<Tensor> theta) {
                return Tensor.zeros(3, 3);
            }
        };
        assertThatThrownBy(() -> LevenbergMarquardt.defaults().minimize(bad, Tensor.zeros(2), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Jacobian must be [2, 2]");
        assertThatThrownBy(() -> LevenbergMarquardt.defaults().minimize(bad, Tensor.zeros(2, 1), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("w0 must be a vector");
        assertThatThrownBy(() -> new LevenbergMarquardt(0, 1e-10, 1e-12, 0, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tau > 0");
    }

    private static double[] hipparchus(MultivariateJacobianFunction model, double[] target, double[] start) {
        LeastSquaresOptimizer.Optimum opt = new LevenbergMarquardtOptimizer()
                .withCostRelativeTolerance(1e-15).withParameterRelativeTolerance(1e-15).withOrthoTolerance(1e-15)
                .optimize(new LeastSquaresBuilder().model(model).target(target).start(start)
                        .maxEvaluations(10_000).maxIterations(10_000).build());
        return opt.getPoint().toArray();
    }
}
