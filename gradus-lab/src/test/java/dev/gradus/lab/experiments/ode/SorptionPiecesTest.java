package dev.gradus.lab.experiments.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Var;
import dev.gradus.ode.nlls.ResidualFunction;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SorptionPiecesTest {

    /** b_x, b_tau, b_xx of the basis network against central differences of b in the coordinates. */
    @Test
    void basisDerivativesMatchFiniteDifferences() {
        SorptionBasis basis = new SorptionBasis(16, 24, RandomStream.of(4));
        double x = 0.37;
        double t = 0.61;
        double h = 1e-4;
        SorptionBasis.Features f = SorptionBasis.features(basis.constants(), Tensor.of(new double[] {x, t}, 1, 2));
        double[] b0 = f.b().value().data();
        double[] bxp = at(basis, x + h, t);
        double[] bxm = at(basis, x - h, t);
        double[] btp = at(basis, x, t + h);
        double[] btm = at(basis, x, t - h);
        for (int j = 0; j < 24; j++) {
            assertThat(f.bx().value().data()[j]).isCloseTo((bxp[j] - bxm[j]) / (2 * h), within(1e-6));
            assertThat(f.bt().value().data()[j]).isCloseTo((btp[j] - btm[j]) / (2 * h), within(1e-6));
            assertThat(f.bxx().value().data()[j]).isCloseTo((bxp[j] - 2 * b0[j] + bxm[j]) / (h * h), within(1e-4));
        }
    }

    /** The hand-written values and Jacobian agree with the autodiff residual they stand in for. */
    @Test
    void constraintValueAndJacobianMatchTheAutodiffResidual() {
        RandomStream rng = RandomStream.of(8);
        int n = 5;
        List<Tensor> theta = List.of(Tensor.randn(rng, 7, n), Tensor.randn(rng, 7, n), Tensor.randn(rng, 7, n),
                Tensor.randn(rng, 3, n), Tensor.randn(rng, 3));
        Tensor w = Tensor.randn(rng, n).mul(0.3);
        SorptionConstraint c = new SorptionConstraint();
        ResidualFunction byAutodiff = c::residual; // the interface defaults: values and Jacobian from residual()
        Tensor v1 = c.value(w, theta);
        Tensor v2 = byAutodiff.value(w, theta);
        Tensor j1 = c.jacobian(w, theta);
        Tensor j2 = byAutodiff.jacobian(w, theta);
        assertThat(v1.shape()).containsExactly(7 + 3 + n);
        assertThat(j1.shape()).containsExactly(7 + 3 + n, n);
        for (int i = 0; i < v1.size(); i++) {
            assertThat(v1.data()[i]).isCloseTo(v2.data()[i], within(1e-12));
        }
        for (int i = 0; i < j1.size(); i++) {
            assertThat(j1.data()[i]).isCloseTo(j2.data()[i], within(1e-10));
        }
    }

    /** The reference keeps its boundary values and stays in [0, 1] with a front that moves right over time. */
    @Test
    void referenceIsBoundedAndItsFrontAdvances() {
        double[][] u = DiffusionSorption.reference();
        int g = DiffusionSorption.GRID;
        for (int j = 0; j < g; j++) {
            assertThat(u[j][0]).isEqualTo(1.0);
            assertThat(u[j][g - 1]).isEqualTo(0.0);
            for (int i = 0; i < g; i++) {
                assertThat(u[j][i]).isBetween(0.0, 1.0);
            }
        }
        assertThat(u[g - 1][g / 4]).isGreaterThan(u[g / 4][g / 4]).isGreaterThan(0.01);
    }

    private static double[] at(SorptionBasis basis, double x, double t) {
        return SorptionBasis.features(basis.constants(), Tensor.of(new double[] {x, t}, 1, 2)).b().value().data();
    }
}
