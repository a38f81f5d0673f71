package dev.gradus.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Noise calibration as Opacus' {@code get_noise_multiplier}: the same bisection gives the same σ, bit for bit. */
class NoiseCalibrationTest {

    @ParameterizedTest(name = "eps={0} q={2} T={3}")
    @CsvSource({
        // from a numpy port of get_noise_multiplier over the Opacus grid
        "3.0, 1e-5, 0.004266666666666667, 14062, 1.015625",
        "1.0, 1e-5, 0.01, 1000, 1.5234375",
        "8.0, 1e-5, 0.004, 2500, 0.54534912109375",
    })
    void bisectsLikeOpacus(double target, double delta, double q, long steps, double sigma) {
        RdpAccountant rdp = RdpAccountant.opacus();
        double got = NoiseCalibration.noiseMultiplier(rdp, q, steps, target, delta);
        assertThat(got).isEqualTo(sigma);
        double eps = rdp.epsilon(DpEvent.dpSgd(q, got, steps), delta).epsilon();
        assertThat(eps).isLessThanOrEqualTo(target).isGreaterThanOrEqualTo(target - NoiseCalibration.DEFAULT_TOLERANCE);
    }

    @Test
    void refusesBadValuesAndImpossibleBudgets() {
        RdpAccountant rdp = RdpAccountant.opacus();
        assertThatThrownBy(() -> NoiseCalibration.noiseMultiplier(rdp, 0, 10, 1, 1e-5)).hasMessageContaining("sampling rate 0.0");
        assertThatThrownBy(() -> NoiseCalibration.noiseMultiplier(rdp, 0.1, 0, 1, 1e-5)).hasMessageContaining("steps 0");
        assertThatThrownBy(() -> NoiseCalibration.noiseMultiplier(rdp, 0.1, 10, -1, 1e-5)).hasMessageContaining("target epsilon");
        assertThatThrownBy(() -> NoiseCalibration.noiseMultiplier(rdp, 0.1, 10, 1, 0)).hasMessageContaining("delta 0.0");
    }
}
