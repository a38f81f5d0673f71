package dev.gradus.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class InitializerTest {

    private static double mean(double[] d) {
        double s = 0;
        for (double v : d) {
            s += v;
        }
        return s / d.length;
    }

    private static double std(double[] d) {
        double m = mean(d);
        double s = 0;
        for (double v : d) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / d.length);
    }

    private static double maxAbs(double[] d) {
        double m = 0;
        for (double v : d) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void fansFollowPyTorchForLinearAndConvWeights() {
        assertThat(Initializer.fans("t", Tensor.zeros(256, 784))).containsExactly(784, 256);
        assertThat(Initializer.fans("t", Tensor.zeros(16, 3, 5, 5))).containsExactly(75, 400);
        assertThatThrownBy(() -> Initializer.fans("xavierUniform", Tensor.zeros(10)))
                .hasMessageContaining("xavierUniform").hasMessageContaining("rank >= 2").hasMessageContaining("[10]");
    }

    @Test
    void gainsMatchCalculateGain() {
        assertThat(Nonlinearity.LINEAR.gain(Double.NaN)).isEqualTo(1.0);
        assertThat(Nonlinearity.TANH.gain(Double.NaN)).isEqualTo(5.0 / 3.0);
        assertThat(Nonlinearity.RELU.gain(Double.NaN)).isEqualTo(Math.sqrt(2.0));
        assertThat(Nonlinearity.LEAKY_RELU.gain(Math.sqrt(5.0))).isCloseTo(Math.sqrt(1.0 / 3.0), within(1e-15));
        assertThat(Nonlinearity.LEAKY_RELU.gain(Double.NaN)).isCloseTo(Math.sqrt(2.0 / 1.0001), within(1e-15));
    }

    @Test
    void kaimingNormalHasTheStandardDeviationOfItsFormula() {
        Tensor w = Tensor.zeros(400, 500);
        Initializer.kaimingNormal(FanMode.FAN_IN, Nonlinearity.RELU).initialize(w, RandomStream.of(1));
        assertThat(mean(w.data())).isCloseTo(0.0, within(0.001));
        assertThat(std(w.data())).isCloseTo(Math.sqrt(2.0 / 500), within(0.002 * Math.sqrt(2.0 / 500) * 10));

        Tensor w2 = Tensor.zeros(400, 500);
        Initializer.kaimingNormal(FanMode.FAN_OUT, Nonlinearity.RELU).initialize(w2, RandomStream.of(1));
        // Same draws, scaled by the ratio of the two fans.
        assertThat(w2.data()[7]).isCloseTo(w.data()[7] * Math.sqrt(500.0 / 400.0), within(1e-15));
    }

    @Test
    void uniformInitialisersStayInsideTheirBoundAndFillIt() {
        Tensor w = Tensor.zeros(300, 200);
        Initializer.xavierUniform(1.0).initialize(w, RandomStream.of(2));
        double bound = Math.sqrt(6.0 / 500);
        assertThat(maxAbs(w.data())).isLessThan(bound).isGreaterThan(0.99 * bound);
        assertThat(std(w.data())).isCloseTo(bound / Math.sqrt(3.0), within(0.01 * bound));

        Tensor k = Tensor.zeros(300, 200);
        Initializer.kaimingUniform(0.0, FanMode.FAN_IN, Nonlinearity.TANH).initialize(k, RandomStream.of(2));
        double kb = Math.sqrt(3.0) * (5.0 / 3.0) / Math.sqrt(200);
        assertThat(maxAbs(k.data())).isLessThan(kb).isGreaterThan(0.99 * kb);
    }

    @Test
    void xavierNormalStd() {
        Tensor w = Tensor.zeros(300, 200);
        Initializer.xavierNormal(2.0).initialize(w, RandomStream.of(3));
        double std = 2.0 * Math.sqrt(2.0 / 500);
        assertThat(std(w.data())).isCloseTo(std, within(0.02 * std));
    }

    @Test
    void torchDefaultWeightIsUniformOnOneOverSqrtFanIn() {
        Tensor w = Tensor.zeros(64, 100);
        Initializer.torchDefaultWeight().initialize(w, RandomStream.of(4));
        assertThat(maxAbs(w.data())).isLessThan(0.1).isGreaterThan(0.099);
        Tensor b = Tensor.zeros(64);
        Initializer.torchDefaultBias(100).initialize(b, RandomStream.of(4));
        assertThat(maxAbs(b.data())).isLessThan(0.1);
    }

    @Test
    void sameSeedGivesSameBitsAndDrawsAreRowMajorFromTheStream() {
        Tensor a = Tensor.zeros(5, 7);
        Tensor b = Tensor.zeros(5, 7);
        Initializer.normal(1.0, 0.5).initialize(a, RandomStream.of(9));
        Initializer.normal(1.0, 0.5).initialize(b, RandomStream.of(9));
        assertThat(a.data()).isEqualTo(b.data());
        RandomStream rng = RandomStream.of(9);
        for (double v : a.data()) {
            assertThat(v).isEqualTo(rng.normal(1.0, 0.5));
        }
    }

    @Test
    void constantsAndBadArguments() {
        Tensor t = Tensor.zeros(3);
        Initializer.constant(2.5).initialize(t, RandomStream.of(0));
        assertThat(t.data()).containsExactly(2.5, 2.5, 2.5);
        Initializer.zeros().initialize(t, RandomStream.of(0));
        assertThat(t.data()).containsExactly(0.0, 0.0, 0.0);
        assertThatThrownBy(() -> Initializer.normal(0, -1)).hasMessageContaining("std must be >= 0");
        assertThatThrownBy(() -> Initializer.uniform(1, 0)).hasMessageContaining("lo <= hi");
    }
}
