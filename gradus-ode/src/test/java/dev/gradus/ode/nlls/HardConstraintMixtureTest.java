package dev.gradus.ode.nlls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardConstraintMixtureTest {
    private static final LevenbergMarquardt TIGHT = new LevenbergMarquardt(1e-3, 0, 1e-15, 0, 500);

    /** Square satisfiable constraints B w + 0.2 (B w)^3 = y per expert. */
    private static final ResidualFunction CUBIC = (w, th) -> {
        Var bw = th.get(0).matmul(w.reshape(w.dim(0), 1)).reshape(-1);
        return bw.add(bw.pow(3).mul(0.2)).sub(th.get(1));
    };

    @Test
    void chunksRouteByOneCoordinate() {
        Router r = Router.chunks(1, 0, 2, 4);
        assertThat(r.experts()).isEqualTo(4);
        assertThat(r.route(new double[][] {{9, 0}, {9, 0.49}, {9, 0.5}, {9, 1.7}, {9, 2}})).containsExactly(0, 0, 1, 3, 3);
        assertThatThrownBy(() -> r.expertOf(new double[] {0, 2.5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the routed range");
        assertThatThrownBy(() -> Router.chunks(0, 1, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hi > lo");
    }

    @Test
    void predictionPicksEachRowsExpertAndIsDifferentiable() {
        RandomStream rng = RandomStream.of(2);
        Tensor basis = Tensor.randn(rng, 5, 3);
        Tensor w0 = Tensor.randn(rng, 3);
        Tensor w1 = Tensor.randn(rng, 3);
        int[] experts = {0, 1, 1, 0, 1};
        Var u = HardConstraintMixture.predict(Var.constant(basis), experts, new Var[] {Var.constant(w0), Var.constant(w1)});
        for (int i = 0; i < 5; i++) {
            Tensor w = experts[i] == 0 ? w0 : w1;
            double expected = 0;
            for (int j = 0; j < 3; j++) {
                expected += basis.get(i, j) * w.data()[j];
            }
            assertThat(u.value().data()[i]).isEqualTo(expected, org.assertj.core.api.Assertions.within(1e-14));
        }
        GradCheck.check(xs -> HardConstraintMixture.predict(xs.get(0), experts, new Var[] {xs.get(1), xs.get(2)}),
                List.of(basis, w0, w1)).requireBelow(1e-8);
    }

    @Test
    void gradientsReachTheSharedBasisThroughEveryExpertsSolve() {
        RandomStream rng = RandomStream.of(9);
        int n = 3;
        Tensor b0 = Tensor.randn(rng, n, n).add(Tensor.eye(n).mul(2));
        Tensor b1 = Tensor.randn(rng, n, n).add(Tensor.eye(n).mul(2));
        Tensor y0 = Tensor.randn(rng, n);
        Tensor y1 = Tensor.randn(rng, n);
        Tensor evalBasis = Tensor.randn(rng, 4, n);
        int[] experts = {0, 1, 0, 1};
        HardConstraintMixture moe = new HardConstraintMixture(Router.chunks(0, 0, 1, 2), n, TIGHT,
                Linearization.GAUSS_NEWTON);
        GradCheck.Report report = GradCheck.check(xs -> {
            moe.reset(); // finite differences must not depend on the previous probe's warm start
            Var[] omegas = moe.solve(CUBIC, List.of(List.of(xs.get(0), Var.constant(y0)), List.of(xs.get(1), Var.constant(y1))));
            return HardConstraintMixture.predict(xs.get(2), experts, omegas);
        }, List.of(b0, b1, evalBasis), 1e-5, false);
        report.requireBelow(1e-6);
        assertThat(moe.lastResult(0).cost()).isLessThan(1e-25);
        assertThat(moe.lastResult(1).cost()).isLessThan(1e-25);
    }

    @Test
    void badInputsAreRefusedWithAMessage() {
        HardConstraintMixture moe = new HardConstraintMixture(Router.chunks(0, 0, 1, 2), 3, TIGHT,
                Linearization.GAUSS_NEWTON);
        assertThatThrownBy(() -> moe.solve(CUBIC, List.of(List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputs for 1 experts");
        assertThatThrownBy(() -> HardConstraintMixture.predict(Var.constant(Tensor.zeros(2, 3)), new int[] {0, 2},
                new Var[] {Var.constant(Tensor.zeros(3)), Var.constant(Tensor.zeros(3))}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expert index 2");
        assertThatThrownBy(() -> new HardConstraintMixture(Router.chunks(0, 0, 1, 2), 0, TIGHT, Linearization.EXACT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("basisSize");
    }
}
