package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DivergenceGuardTest {
    private static TensorMap params() {
        TensorMap p = new TensorMap();
        p.put("small", Tensor.of(new double[] {1, 1}, 2));
        p.put("big", Tensor.of(new double[] {3, 4}, 2));
        return p;
    }

    @Test
    void aLossThatGrowsFarAboveItsBestStopsNamingTheStepAndTheLargestParameter() {
        DivergenceGuard g = new DivergenceGuard(100);
        g.observe(2.3, 1, 1, 1, params());
        g.observe(1.0, 2, 1, 2, params());
        assertThatThrownBy(() -> {
            for (int t = 3; t < 100; t++) {
                g.observe(1e6, t, 1, t, params());
            }
        }).isInstanceOf(DivergenceException.class).hasMessageContaining("training diverged at step 3 (epoch 1,")
                .hasMessageContaining("more than 100 times its best").hasMessageContaining("'big' with norm 5")
                .hasMessageContaining("learning rate").hasMessageContaining("--divergence-factor")
                .satisfies(e -> assertThat(((DivergenceException) e).step()).isEqualTo(3));
    }

    @Test
    void aLossThatFallsAndComesBackBelowItsStartIsNotDivergence() {
        DivergenceGuard g = new DivergenceGuard(100);
        g.observe(2.3, 1, 1, 1, params());
        assertThatCode(() -> {
            for (int t = 2; t < 200; t++) {
                g.observe(1e-9, t, 1, t, params());
            }
            for (int t = 200; t < 400; t++) {
                g.observe(1.0, t, 1, t, params()); // 1e9 times the best, but below the start
            }
        }).doesNotThrowAnyException();
    }

    @Test
    void oneHardBatchIsSmoothedAway() {
        DivergenceGuard g = new DivergenceGuard(100);
        for (int t = 1; t < 50; t++) {
            g.observe(0.5, t, 1, t, params());
        }
        assertThatCode(() -> g.observe(400, 50, 1, 50, params())).doesNotThrowAnyException();
    }

    @Test
    void factorsMustBeAboveOneOrZero() {
        assertThatThrownBy(() -> DivergenceGuard.requireFactor(0.5)).hasMessageContaining("above 1, or 0");
        assertThatThrownBy(() -> DivergenceGuard.requireFactor(Double.NaN)).hasMessageContaining("above 1, or 0");
        assertThatCode(() -> DivergenceGuard.requireFactor(0)).doesNotThrowAnyException();
    }

    @Test
    void theTrainerStopsADivergingRunAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        TrainerResumeTest.data();
        Trainer t = TrainerResumeTest.trainer(3, dir, 0).optimizer("sgd(lr=1e6)").divergenceFactor(100).build();
        assertThatThrownBy(t::fit).isInstanceOf(DivergenceException.class).hasMessageContaining("training diverged");
        Trainer off = TrainerResumeTest.trainer(1, dir.resolve("off"), 0).optimizer("sgd(lr=1e-3)")
                .loss(new CrossEntropyLoss()).build();
        assertThatCode(off::fit).doesNotThrowAnyException();
    }
}
