package dev.gradus.nn.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class EntropyWeightingTest {

    /**
     * Two heads, two samples, two classes. Sample 0: head 0 says (0.5, 0.5), head 1 (0.9, 0.1); sample 1 the
     * same two rows with the heads swapped and the classes flipped: head 0 (0.1, 0.9), head 1 (0.5, 0.5).
     */
    static Tensor probs() {
        return Tensor.of(new double[] {0.5, 0.5, 0.1, 0.9, 0.9, 0.1, 0.5, 0.5}, 2, 2, 2);
    }

    // Hand-checked: H(0.5, 0.5) = ln 2 = 0.693147…; H(0.9, 0.1) = 0.9 ln(1/0.9) + 0.1 ln 10 = 0.325083….
    static final double H_HALF = 0.6931471805599453;
    static final double H_SURE = 0.3250829733914482;

    @Test
    void entropiesAreThoseOfEachHeadOnEachSample() {
        assertThat(EntropyWeighting.entropies(probs()).data())
                .containsExactly(new double[] {H_HALF, H_SURE, H_SURE, H_HALF}, within(1e-15));
    }

    @Test
    void gammaOneWeighsByInverseEntropyPerSample() {
        // w = (1/ln 2, 1/0.325083) / (1.442695 + 3.076138) = (0.319263, 0.680737) on sample 0, swapped on 1;
        // p_0 = 0.319263 (0.5, 0.5) + 0.680737 (0.9, 0.1) = (0.772295, 0.227705), p_1 its mirror image.
        EntropyWeighting w = EntropyWeighting.of(1.0);
        assertThat(w.weights(probs()).data()).containsExactly(
                new double[] {0.3192627640518358, 0.6807372359481642, 0.6807372359481642, 0.3192627640518358},
                within(1e-12));
        assertThat(w.combine(probs()).data()).containsExactly(
                new double[] {0.7722948943792656, 0.22770510562073432, 0.22770510562073432, 0.7722948943792656},
                within(1e-12));
    }

    @Test
    void gammaTwoSharpensAndGammaZeroIsTheUniformAverage() {
        // γ = 2: w_sure = H_half² / (H_half² + H_sure²) = 0.819701 on sample 0.
        assertThat(EntropyWeighting.of(2.0).combine(probs()).data()[0]).isCloseTo(0.8278804446973581,
                within(1e-12));
        assertThat(EntropyWeighting.uniform().combine(probs()).data())
                .containsExactly(new double[] {0.7, 0.3, 0.3, 0.7}, within(1e-15));
        assertThat(EntropyWeighting.of(0.0).combine(probs()).data())
                .isEqualTo(EntropyWeighting.uniform().combine(probs()).data());
    }

    @Test
    void minimumEntropyPicksTheSurestHeadPerSample() {
        EntropyWeighting w = EntropyWeighting.minimumEntropy();
        assertThat(w.weights(probs()).data()).containsExactly(0.0, 1.0, 1.0, 0.0);
        assertThat(w.combine(probs()).data()).containsExactly(0.9, 0.1, 0.1, 0.9);
    }

    @Test
    void aOneHotHeadTakesTheWholeWeightWithoutOverflow() {
        Tensor p = Tensor.of(new double[] {1.0, 0.0, 0.6, 0.4}, 2, 1, 2);
        double[] w = EntropyWeighting.of(50.0).weights(p).data();
        assertThat(w[0]).isCloseTo(1.0, within(1e-12));
        assertThat(w[1]).isFinite().isCloseTo(0.0, within(1e-12));
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> EntropyWeighting.of(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gamma");
        assertThatThrownBy(() -> EntropyWeighting.of(1).combine(Tensor.of(new double[4], 2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[heads, n, classes]");
    }
}
