package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;
import org.junit.jupiter.api.Test;

class StrongWolfeTest {

    @Test
    void cubicInterpolationFindsTheMinimumOfACubic() {
        // f(x) = x³ − 3x: f'(x) = 3x² − 3, local minimum at x = 1.
        double x = StrongWolfe.cubicInterpolate(0, 0, -3, 2, 2, 9, 0, 2);
        assertThat(x).isCloseTo(1.0, within(1e-12));
        // Same points given in the other order.
        assertThat(StrongWolfe.cubicInterpolate(2, 2, 9, 0, 0, -3, 0, 2)).isCloseTo(1.0, within(1e-12));
        // Clamped to the bounds, and the midpoint when the cubic has no minimum.
        assertThat(StrongWolfe.cubicInterpolate(0, 0, -3, 2, 2, 9, 1.5, 3)).isEqualTo(1.5);
        assertThat(StrongWolfe.cubicInterpolate(0, 0, 2, 1, 1, 2, 0, 4)).isEqualTo(2.0);
    }

    @Test
    void acceptedStepsSatisfyTheStrongWolfeConditions() {
        for (double t0 : new double[] {1e-4, 1e-2, 1.0, 30.0}) {
            TensorMap x = LbfgsTest.rosenbrockStart();
            TensorMap g = x.zerosLike();
            double f0 = LbfgsTest.ROSENBROCK.evaluate(x, g);
            TensorMap d = g.copy();
            Trees.scaleInto(-1.0, g, d);
            double gtd = Trees.dot(g, d);
            TensorMap before = x.copy();
            StrongWolfe.Result r = StrongWolfe.search(LbfgsTest.ROSENBROCK, x, d, t0, f0, g, gtd, 1e-4, 0.9, 1e-9, 25);
            assertThat(LbfgsTest.flat(x)).as("x is left unchanged").containsExactly(LbfgsTest.flat(before));
            TensorMap at = x.copy();
            Trees.axpy(r.t(), d, at);
            TensorMap gAt = x.zerosLike();
            double fAt = LbfgsTest.ROSENBROCK.evaluate(at, gAt);
            assertThat(r.loss()).isEqualTo(fAt);
            assertThat(LbfgsTest.flat(r.grad())).containsExactly(LbfgsTest.flat(gAt));
            assertThat(fAt).as("sufficient decrease from t0 = %s", t0).isLessThanOrEqualTo(f0 + 1e-4 * r.t() * gtd);
            assertThat(Math.abs(Trees.dot(gAt, d))).as("curvature from t0 = %s", t0)
                    .isLessThanOrEqualTo(-0.9 * gtd);
        }
    }
}
