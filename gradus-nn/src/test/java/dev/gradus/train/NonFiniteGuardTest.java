package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import org.junit.jupiter.api.Test;

class NonFiniteGuardTest {

    @Test
    void namesTheStepTheParameterAndTheIndex() {
        TensorMap g = new TensorMap().put("fc.bias", Tensor.vector(1, 2))
                .put("fc.weight", Tensor.of(new double[] {0, 0, 0, 0, Double.POSITIVE_INFINITY, 0}, 2, 3));
        assertThatThrownBy(() -> NonFiniteGuard.checkGradients(g, 42, 3, 7))
                .isInstanceOf(NonFiniteException.class)
                .hasMessage("non-finite gradient at step 42 (epoch 3, batch 7): parameter 'fc.weight' has Infinity"
                        + " at index [1, 1]; lower the learning rate or check the data")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((NonFiniteException) e).parameter())
                        .isEqualTo("fc.weight"));
        assertThatThrownBy(() -> NonFiniteGuard.checkLoss(Double.NaN, 9, 1, 9))
                .hasMessageStartingWith("non-finite loss at step 9 (epoch 1, batch 9): loss is NaN");
    }

    @Test
    void findsANonFiniteValueAtAnyPositionOfTheUnrolledLoop() {
        for (int n = 1; n <= 9; n++) {
            for (int at = 0; at < n; at++) {
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    double[] d = new double[n];
                    java.util.Arrays.fill(d, 1e308);
                    d[at] = bad;
                    org.assertj.core.api.Assertions.assertThat(NonFiniteGuard.allFinite(d)).as("n=%d at=%d", n, at)
                            .isFalse();
                }
            }
            double[] ok = new double[n];
            java.util.Arrays.fill(ok, -1e308);
            org.assertj.core.api.Assertions.assertThat(NonFiniteGuard.allFinite(ok)).isTrue();
        }
    }

    @Test
    void letsFiniteValuesThrough() {
        TensorMap g = TensorMap.of("w", Tensor.vector(-Double.MAX_VALUE, Double.MIN_VALUE, 0));
        assertThatCode(() -> NonFiniteGuard.checkGradients(g, 1, 1, 1)).doesNotThrowAnyException();
        assertThatCode(() -> NonFiniteGuard.checkLoss(1e300, 1, 1, 1)).doesNotThrowAnyException();
    }
}
