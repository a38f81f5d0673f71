package dev.gradus.optim.optimizer;

import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.transform.ScaleByYogi;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class YogiTest {

    private static double stepScalar(Yogi opt, OptState s, TensorMap p, double g) {
        opt.step(p, TensorMap.of("x", Tensor.vector(g)), s);
        return p.get("x").item();
    }

    @Test
    void threeStepsByHandIncludingAShrinkingSecondMoment() {
        // lr 0.1, betas (0.9, 0.999), eps 1e-3, m0 = v0 = 1e-6, p0 = 1, gradients 1, −2, 0.01:
        // t=1: m = 0.1000009;  v0 < g² → v = 1e-6 + 0.001·1        = 0.001001
        //      p = 1 − 0.1·(m/0.1)/(√(v/0.001) + 1e-3)                = 0.90014886422850...
        // t=2: m = −0.10999919; v < g² = 4 → v = 0.001001 + 0.004    = 0.005001
        //      p = p1 − 0.1·(m/0.19)/(√(v/(1 − 0.999²)) + 1e-3)       = 0.93672849916676...
        // t=3: m = −0.097999271; v > g² = 1e-4 → v = 0.005001 − 1e-7 = 0.0050009 (Adam's v would drop by 10x)
        //      p = p2 − 0.1·(m/0.271)/(√(v/(1 − 0.999³)) + 1e-3)      = 0.96470135701891...
        Yogi opt = Optimizers.yogi().lr(0.1);
        TensorMap p = TensorMap.of("x", Tensor.vector(1.0));
        ScaleByYogi.State s = opt.init(p);
        assertThat(s.mu().get("x").item()).isEqualTo(1e-6);
        assertThat(s.nu().get("x").item()).isEqualTo(1e-6);
        assertThat(stepScalar(opt, s, p, 1.0)).isCloseTo(0.9001488642285019, within(1e-14));
        assertThat(s.nu().get("x").item()).isCloseTo(0.001001, within(1e-17));
        assertThat(stepScalar(opt, s, p, -2.0)).isCloseTo(0.9367284991667622, within(1e-14));
        assertThat(s.nu().get("x").item()).isCloseTo(0.005001, within(1e-17));
        assertThat(stepScalar(opt, s, p, 0.01)).isCloseTo(0.964701357018911, within(1e-14));
        assertThat(s.nu().get("x").item()).isCloseTo(0.0050009, within(1e-17));
        assertThat(s.mu().get("x").item()).isCloseTo(-0.097999271, within(1e-16));
    }

    @Test
    void secondMomentStaysWhenItEqualsTheSquaredGradient() {
        Yogi opt = Optimizers.yogi().initialAccumulatorValue(4.0);
        TensorMap p = TensorMap.of("x", Tensor.vector(0.0));
        ScaleByYogi.State s = opt.init(p);
        stepScalar(opt, s, p, 2.0);
        assertThat(s.nu().get("x").item()).isEqualTo(4.0);
    }

    @Test
    void defaultsAreOptaxs() {
        assertThat(Optimizers.yogi().hyperparameters().schedule("lr").at(0)).isEqualTo(1e-2);
        assertThat(Optimizers.yogi().hyperparameters().schedule("eps").at(0)).isEqualTo(1e-3);
        assertThat(Optimizers.yogi().hyperparameters().schedule("initial_accumulator_value").at(0)).isEqualTo(1e-6);
    }

    @Test
    void fusedStepEqualsUpdateThenApply() {
        FusedCheck.assertFusedEqualsUpdateThenApply(Optimizers.yogi().lr(0.01), 5, 10);
    }
}
