package dev.gradus.nn.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class FakeQuantTest {
    private static final QuantRange R4 = QuantRange.signed(4);

    @Test
    void rangesAreTheLsqIntegerRanges() {
        assertThat(QuantRange.signed(4)).isEqualTo(new QuantRange(4, -8, 7));
        assertThat(QuantRange.unsigned(3)).isEqualTo(new QuantRange(3, 0, 7));
        assertThatThrownBy(() -> QuantRange.signed(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, 16]");
    }

    @Test
    void forwardRoundsAndClipsOnTheGrid() {
        Var x = Var.param(Tensor.vector(0.26, -0.74, 5.0, -5.0, 0.05));
        Var q = FakeQuant.ste(x, 0.5, R4);
        assertThat(q.value().data()).containsExactly(0.5, -0.5, 3.5, -4.0, 0.0);
        q.sum().backward();
        assertThat(x.grad().data()).containsExactly(1, 1, 0, 0, 1);   // clipped STE
    }

    /** The surrogate s·clip(x/s + c) with c = round(x0/s0) − x0/s0 frozen: LSQ's gradients are its derivatives. */
    private static double surrogate(double[] x, double s, double[] c, double[] w) {
        double f = 0;
        for (int i = 0; i < x.length; i++) {
            double v = x[i] / s;
            double level = v < R4.qn() ? R4.qn() : (v > R4.qp() ? R4.qp() : v + c[i]);
            f += w[i] * s * level;
        }
        return f;
    }

    @Test
    void lsqGradientsAreTheDerivativesOfTheFrozenRoundingSurrogate() {
        RandomStream rng = RandomStream.of(9);
        int n = 12;
        double[] x0 = new double[n];
        double[] w = new double[n];
        rng.fillNormal(x0);
        rng.fillNormal(w);
        for (int i = 0; i < n; i++) {
            x0[i] *= 1.5;                       // some entries beyond the range ±8·0.2 ... 7·0.2
        }
        double s0 = 0.2;
        double gscale = 0.37;
        Var x = Var.param(Tensor.of(x0.clone(), n));
        Var s = Var.param(Tensor.vector(s0));
        FakeQuant.lsq(x, s, R4, gscale).mul(Tensor.of(w, n)).sum().backward();
        double[] c = new double[n];
        int clipped = 0;
        for (int i = 0; i < n; i++) {
            double v = x0[i] / s0;
            c[i] = Math.rint(Math.max(R4.qn(), Math.min(R4.qp(), v))) - v;
            clipped += v < R4.qn() || v > R4.qp() ? 1 : 0;
        }
        assertThat(clipped).isPositive();
        double eps = 1e-7;
        double fdS = (surrogate(x0, s0 + eps, c, w) - surrogate(x0, s0 - eps, c, w)) / (2 * eps);
        assertThat(s.grad().data()[0]).isCloseTo(gscale * fdS, within(1e-6));
        for (int i = 0; i < n; i++) {
            double[] xp = x0.clone();
            double[] xm = x0.clone();
            xp[i] += eps;
            xm[i] -= eps;
            double fd = (surrogate(xp, s0, c, w) - surrogate(xm, s0, c, w)) / (2 * eps);
            assertThat(x.grad().data()[i]).as("x[%d]", i).isCloseTo(fd, within(1e-6));
        }
    }

    @Test
    void initialStepAndGradScaleFollowLsq() {
        Tensor x = Tensor.vector(1, -3, 2, -2);
        assertThat(FakeQuant.initialStep(x, R4)).isCloseTo(2 * 2 / Math.sqrt(7), within(1e-15));
        assertThat(FakeQuant.gradScale(100, R4)).isCloseTo(1 / Math.sqrt(700), within(1e-15));
        assertThatThrownBy(() -> FakeQuant.ste(Var.constant(x), 0, R4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step must be positive");
    }

    @Test
    void elasticLayerSharesOneWeightAndKeepsAStepPerWidth() {
        QuantLinear layer = new QuantLinear(6, 3, new int[] {8, 4, 2}, true, RandomStream.of(1));
        assertThat(layer.namedParameters().names()).containsExactlyInAnyOrder("weight", "bias", "step_w8",
                "step_a8", "step_w4", "step_a4", "step_w2", "step_a2");
        Tensor in = Tensor.rand(RandomStream.of(2), 5, 6);
        Tensor y8 = layer.bits(8).forward(in).value();
        Tensor y2 = layer.bits(2).forward(in).value();
        assertThat(layer.weightStep(2).value().data()[0]).isGreaterThan(layer.weightStep(8).value().data()[0]);
        double diff = 0;
        for (int i = 0; i < y8.size(); i++) {
            diff = Math.max(diff, Math.abs(y8.data()[i] - y2.data()[i]));
        }
        assertThat(diff).isPositive();
        // the weight gradient flows through the 4-bit subnet into the shared weight and only its own steps
        layer.bits(4);
        dev.gradus.tensor.TensorMap g = layer.gradients(layer.forward(in).sum());
        assertThat(g.get("weight").data()).isNotEqualTo(new double[18]);
        assertThat(g.get("step_w4").data()[0]).isNotZero();
        assertThat(g.get("step_w8").data()[0]).isZero();
        assertThatThrownBy(() -> layer.bits(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not one of");
    }
}
