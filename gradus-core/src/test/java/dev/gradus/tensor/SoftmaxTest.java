package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class SoftmaxTest {
    @Test
    void softmaxMatchesDefinitionOnEachAxis() {
        Tensor x = Ref.random(3, 2, 3, 4);
        for (int axis = 0; axis < 3; axis++) {
            Tensor e = x.exp();
            Tensor expected = e.div(e.sum(axis, true));
            assertThat(x.softmax(axis).allClose(expected, 1e-13, 1e-15)).as("axis %d", axis).isTrue();
            assertThat(x.logSoftmax(axis).allClose(expected.log(), 1e-13, 1e-13)).isTrue();
        }
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        Tensor x = Tensor.of(new double[] {1000, 1001, -1000, 0}, 2, 2);
        Tensor p = x.softmax(1);
        assertThat(p.get(0, 1)).isCloseTo(1 / (1 + Math.exp(-1)), offset(1e-15));
        assertThat(p.get(1, 0)).isEqualTo(0.0);
        assertThat(x.logSoftmax(1).get(1, 0)).isCloseTo(-1000, offset(1e-12));
    }
}
