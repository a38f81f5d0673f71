package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.optim.Optimizers;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import org.junit.jupiter.api.Test;

class SignSgdTest {

    @Test
    void stepsByTheSignOfTheGradient() {
        SignSgd opt = Optimizers.signSgd().lr(0.5);
        TensorMap p = TensorMap.of("w", Tensor.vector(1, 1, 1));
        SignSgd.State s = opt.init(p);
        opt.step(p, TensorMap.of("w", Tensor.vector(3, -1e-9, 0)), s);
        assertThat(p.get("w").data()).containsExactly(0.5, 1.5, 1.0);
        assertThat(s.momentumBuffer().size()).as("signSGD keeps no buffer").isZero();
    }

    @Test
    void signumStepsByTheSignOfTheGradientEma() {
        SignSgd opt = Optimizers.signSgd().lr(0.1).momentum(0.9).weightDecay(0.5);
        TensorMap p = TensorMap.of("w", Tensor.vector(2.0));
        SignSgd.State s = opt.init(p);
        // g + wd*p = 1 + 1 = 2: buf = 0.2, step -0.1.
        opt.step(p, TensorMap.of("w", Tensor.vector(1.0)), s);
        assertThat(p.get("w").item()).isEqualTo(1.9);
        // g + wd*p = -1 + 0.95 = -0.05: buf = 0.18 - 0.005 > 0, still steps down.
        opt.step(p, TensorMap.of("w", Tensor.vector(-1.0)), s);
        assertThat(p.get("w").item()).isEqualTo(1.9 - 0.1);
        assertThat(s.momentumBuffer().get("w").item()).isCloseTo(0.9 * 0.2 + 0.1 * (-1.0 + 0.5 * 1.9), within(1e-15));
    }

    @Test
    void fusedStepEqualsUpdateThenApply() {
        FusedCheck.assertFusedEqualsUpdateThenApply(Optimizers.signSgd().lr(0.01).momentum(0.9).weightDecay(0.1), 6, 10);
    }
}
