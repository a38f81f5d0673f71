package dev.gradus.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.privacy.accounting.DpEvent;
import dev.gradus.privacy.accounting.PrvAccountant;
import dev.gradus.privacy.accounting.RdpAccountant;
import dev.gradus.train.Trainer;
import dev.gradus.train.TrainingHistory;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dp_sgd(accountant=prv)} and {@code dp_sgd(sampling=shuffle, shuffle_accounting=...)}: the budget under the PRV
 * accountant, and shuffled fixed-size batches accounted under the assumption they name.
 */
class DpSgdAccountingTest {
    @BeforeAll
    static void data() {
        DpSgdStepTest.data(); // 300 training examples of digits: batch 30 is q = 0.1, 10 steps an epoch
    }

    @Test
    void prvBudgetStopsOnTheLastStepPrvAllowsLaterThanRdp(@TempDir Path dir, @TempDir Path rdpDir) throws Exception {
        String spec = "dp_sgd(noise_multiplier=1.2, target_epsilon=3.0, max_grad_norm=1.0, accountant=prv)";
        Trainer t = DpSgdStepTest.privateTrainer(spec, 30, dir).build();
        t.fit();
        assertThat(t.stopReason()).startsWith("privacy budget: step").contains("above the target 3.0");
        long taken = t.step();
        PrvAccountant prv = PrvAccountant.defaults();
        assertThat(prv.epsilon(DpEvent.dpSgd(0.1, 1.2, taken), 1e-5).epsilon()).isLessThanOrEqualTo(3.0);
        assertThat(prv.epsilon(DpEvent.dpSgd(0.1, 1.2, taken + 1), 1e-5).epsilon()).isGreaterThan(3.0);
        Trainer rdp = DpSgdStepTest.privateTrainer("dp_sgd(noise_multiplier=1.2, target_epsilon=3.0, max_grad_norm=1.0)",
                30, rdpDir).build();
        rdp.fit();
        assertThat(taken).as("PRV is tighter, so the same budget lasts longer").isGreaterThan(rdp.step());
        Trainer again = DpSgdStepTest.privateTrainer(spec, 30, dir).build();
        again.resume();
        assertThat(again.step()).isEqualTo(taken);
    }

    @Test
    void shuffledBatchesNeedTheAccountingAssumptionNamed() {
        assertThatThrownBy(() -> DpSgd.parse("dp_sgd(noise_multiplier=1.0, sampling=shuffle)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shuffle_accounting");
        assertThatThrownBy(() -> DpSgd.parse("dp_sgd(noise_multiplier=1.0, shuffle_accounting=as_poisson)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only with sampling=shuffle");
    }

    @Test
    void shuffledBatchesWithoutAmplificationAreOneGaussianPerEpoch(@TempDir Path dir) throws Exception {
        String spec = "dp_sgd(noise_multiplier=1.0, max_grad_norm=1.0, sampling=shuffle,"
                + " shuffle_accounting=no_amplification)";
        Trainer.Builder b = Trainer.builder().optimizer("sgd(lr=0.5)").data(DpSgdStepTest.train, null).seed(2)
                .checkpoint(dir, 0);
        PrivatePlan plan = PrivacyEngine.makePrivate(b, DpSgdStepTest.model("mlp(hidden=(16,))"), new CrossEntropyLoss(),
                DpSgdStepTest.train, 30, 3, DpSgd.parse(spec));
        assertThat(plan.step().describe()).contains("sampling=shuffle_no_amplification");
        assertThat(((DpSgdStep) plan.step()).sampling().assumption()).contains("no amplification");
        Trainer t = b.build();
        TrainingHistory h = t.fit();
        assertThat(t.step()).isEqualTo(30);
        double expected = RdpAccountant.opacus()
                .epsilon(new DpEvent.SelfComposed(new DpEvent.Gaussian(0.5), 3), 1e-5).epsilon();
        assertThat(h.last().extras().get("epsilon")).isEqualTo(expected);
        // the same run accounted as if Poisson: the (unproven) amplified number, far smaller
        Trainer.Builder p = Trainer.builder().optimizer("sgd(lr=0.5)").data(DpSgdStepTest.train, null).seed(2);
        PrivacyEngine.makePrivate(p, DpSgdStepTest.model("mlp(hidden=(16,))"), new CrossEntropyLoss(),
                DpSgdStepTest.train, 30, 3, DpSgd.parse(spec.replace("no_amplification", "as_poisson")));
        TrainingHistory hp = p.build().fit();
        assertThat(hp.last().extras().get("epsilon"))
                .isEqualTo(RdpAccountant.opacus().epsilon(DpEvent.dpSgd(0.1, 1.0, 30), 1e-5).epsilon())
                .isLessThan(expected);
    }

    @Test
    void calibratesShuffledNoAmplificationForTheTarget() {
        PrivatePlan plan = DpSgd.parse("dp_sgd(target_epsilon=4, sampling=shuffle, shuffle_accounting=no_amplification)")
                .plan(300, 30, 3);
        double eps = RdpAccountant.opacus()
                .epsilon(new DpEvent.SelfComposed(new DpEvent.Gaussian(plan.noiseMultiplier() / 2), 3), 1e-5).epsilon();
        assertThat(eps).isLessThanOrEqualTo(4.0).isGreaterThan(3.98);
        assertThat(plan.sampler().toString()).startsWith("shuffle(");
    }
}
