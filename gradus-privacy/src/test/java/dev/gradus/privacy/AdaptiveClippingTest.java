package dev.gradus.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.privacy.accounting.DpEvent;
import dev.gradus.privacy.accounting.RdpAccountant;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.Trainer;
import dev.gradus.train.TrainingHistory;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adaptive clipping: the update of C by hand, its convergence to the quantile, Theorem 1's noise, resume, errors. */
class AdaptiveClippingTest {

    @BeforeAll
    static void data() {
        DpSgdStepTest.data();
    }

    @Test
    void oneUpdateOfTheClipBoundMatchesTheFormulaByHand() {
        double[] norms = {0.5, 1.5, 0.8, 2.0, 0.999999, 1.0}; // at C = 1: 0.5, 0.8 and 0.999999 (+1e-6 = 1) unclipped
        assertThat(AdaptiveClipping.unclipped(norms, 1.0)).isEqualTo(3);
        // (nearly) noiseless: b = 3/5 = 0.6, C' = exp(-0.2 (0.6 - 0.5)) = exp(-0.02) = 0.98019867...
        AdaptiveClipping quiet = new AdaptiveClipping(0.5, 0.2, 0, Double.POSITIVE_INFINITY, 1e-12);
        assertThat(quiet.next(1.0, norms, 5, RandomStream.of(3))).isCloseTo(0.9801986733, within(1e-9));
        // with noise sigma_b = 2 and the seeded normal z: b = (3 + 2z)/5
        double z = RandomStream.of(7).normal();
        AdaptiveClipping noisy = new AdaptiveClipping(0.5, 0.2, 0, Double.POSITIVE_INFINITY, 2);
        double expected = 1.0 * Math.exp(-0.2 * ((3 + 2 * z) / 5 - 0.5));
        assertThat(noisy.next(1.0, norms, 5, RandomStream.of(7))).isCloseTo(expected, within(1e-15))
                .isNotCloseTo(0.9801986733, within(1e-6));
        // the clamps
        assertThat(new AdaptiveClipping(0.5, 0.2, 0.99, 2, 1e-12).next(1.0, norms, 5, RandomStream.of(3)))
                .isEqualTo(0.99);
        assertThat(new AdaptiveClipping(1.0, 0.2, 0, 1.01, 1e-12).next(1.0, norms, 5, RandomStream.of(3)))
                .isEqualTo(1.01);
    }

    @Test
    void theClipBoundConvergesToTheTargetQuantileOfFixedNorms() {
        int n = 1000;
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            norms[i] = 2.0 * (i + 0.5) / n; // uniform on (0, 2): the gamma-quantile is 2 gamma
        }
        for (double gamma : new double[] {0.2, 0.5, 0.9}) {
            AdaptiveClipping a = new AdaptiveClipping(gamma, 0.2, 0, Double.POSITIVE_INFINITY, 1.0);
            RandomStream noise = RandomStream.of(11);
            double c = 10;
            double mean = 0;
            for (int t = 0; t < 3000; t++) {
                c = a.next(c, norms, n, noise);
                if (t >= 2500) {
                    mean += c / 500;
                }
            }
            assertThat(mean).as("gamma " + gamma).isCloseTo(2 * gamma, within(0.02));
        }
    }

    @Test
    void gradientNoiseFollowsTheoremOneAndRefusesTooLittleCountNoise() {
        AdaptiveClipping a = new AdaptiveClipping(0.5, 0.2, 0, Double.POSITIVE_INFINITY, 1.5);
        // (1 - 1/9)^(-1/2) = 3/sqrt(8)
        assertThat(a.gradientNoiseMultiplier(1.0)).isCloseTo(3 / Math.sqrt(8), within(1e-15));
        assertThat(a.gradientNoiseMultiplier(0.0)).isZero();
        // the pair's total multiplier is the stated one: sigma_grad^-2 + (2 sigma_b)^-2 = sigma^-2
        double s = a.gradientNoiseMultiplier(2.2);
        assertThat(1 / (s * s) + 1 / 9.0).isCloseTo(1 / (2.2 * 2.2), within(1e-15));
        assertThatThrownBy(() -> a.gradientNoiseMultiplier(3.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclipped_num_std 1.5 must exceed noise_multiplier/2 = 1.5");
    }

    @Test
    void privateTrainingWithAdaptiveClippingResumesBitForBitWithFlatAccounting(@TempDir Path straightDir,
                                                                               @TempDir Path piecesDir)
            throws Exception {
        String spec = "dp_sgd(noise_multiplier=1.0, max_grad_norm=0.1, clipping=adaptive)";
        Trainer straight = DpSgdStepTest.privateTrainer(spec, 4, straightDir).build();
        TrainingHistory h = straight.fit();
        DpSgdStepTest.privateTrainer(spec, 2, piecesDir).build().fit();
        Trainer resumed = DpSgdStepTest.privateTrainer(spec, 4, piecesDir).build();
        TrainingHistory h2 = resumed.resume();

        TensorMap wa = straight.model().stateDict();
        TensorMap wb = resumed.model().stateDict();
        wa.forEach((name, t) -> assertThat(wb.get(name).data()).as(name).isEqualTo(t.data()));
        double c = h.last().extras().get("max_grad_norm");
        assertThat(h2.last().extras().get("max_grad_norm")).isEqualTo(c);
        // at 0.1 the examples are clipped (the unclipped fraction is below 1/2), so C grows
        assertThat(c).as("C moved up from 0.1 towards the median norm").isGreaterThan(0.2);
        double eps = h.last().extras().get("epsilon");
        assertThat(h2.last().extras().get("epsilon")).isEqualTo(eps);
        // accounted at the stated sigma 1, exactly as flat DP-SGD: q = 0.1, 40 steps
        assertThat(eps).isEqualTo(RdpAccountant.opacus().epsilon(DpEvent.dpSgd(0.1, 1.0, 40), 1e-5).epsilon());
        DpSgdStep step = (DpSgdStep) DpSgd.parse(spec).plan(DpSgdStepTest.train.size(), 30, 4).step();
        assertThat(step.adaptive().countNoiseStd()).isEqualTo(30 / 20.0);
        assertThat(step.gradientNoiseMultiplier()).isCloseTo(3 / Math.sqrt(8), within(1e-15));
        assertThat(step.describe()).contains("clipping=adaptive", "target_unclipped_quantile=0.5",
                "clipbound_learning_rate=0.2", "noise_multiplier=1.0");
    }

    @Test
    void badSettingsAreClearErrors() {
        assertThatThrownBy(() -> DpSgd.parse("dp_sgd(noise_multiplier=1, clipping=adaptive,"
                + " target_unclipped_quantile=1.5)")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target_unclipped_quantile");
        assertThatThrownBy(() -> DpSgd.parse("dp_sgd(noise_multiplier=1, clipping=adaptive,"
                + " clipbound_learning_rate=0)")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clipbound_learning_rate");
        assertThatThrownBy(() -> DpSgd.parse("dp_sgd(noise_multiplier=1, clipping=adaptive, min_clipbound=2,"
                + " max_clipbound=1)")).hasMessageContaining("min_clipbound 2.0 must be below max_clipbound 1.0");
        assertThatThrownBy(() -> DpSgd.parse("dp_sgd(noise_multiplier=1, clipping=adaptive, unclipped_num_std=0)"))
                .hasMessageContaining("unclipped_num_std 0.0 must be positive");
        assertThatThrownBy(() -> DpSgd.parse("dp_sgd(noise_multiplier=1, target_unclipped_quantile=0.3)"))
                .hasMessageContaining("target_unclipped_quantile applies only with clipping=adaptive");
        // sigma_b = 30/20 = 1.5 is too little count noise for sigma 4
        assertThatThrownBy(() -> DpSgd.parse("dp_sgd(noise_multiplier=4, clipping=adaptive)").plan(300, 30, 1))
                .hasMessageContaining("must exceed noise_multiplier/2 = 2.0");
        assertThatThrownBy(() -> new AdaptiveClipping(-0.1, 0.2, 0, 1, 1)).hasMessageContaining("outside [0, 1]");
        assertThatThrownBy(() -> new AdaptiveClipping(0.5, -1, 0, 1, 1)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> new AdaptiveClipping(0.5, 0.2, 1, 1, 1)).hasMessageContaining("must be larger");
    }
}
