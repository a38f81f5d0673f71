package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void creation() {
        assertThat(Tensor.arange(4).data()).containsExactly(0, 1, 2, 3);
        assertThat(Tensor.arange(1, 2, 0.25).data()).containsExactly(1, 1.25, 1.5, 1.75);
        assertThat(Tensor.arange(3, 0, -1).data()).containsExactly(3, 2, 1);
        assertThat(Tensor.linspace(0, 1, 5).data()).containsExactly(0, 0.25, 0.5, 0.75, 1);
        assertThat(Tensor.eye(2)).isEqualTo(Tensor.of(new double[] {1, 0, 0, 1}, 2, 2));
        assertThat(Tensor.full(2.5, 2, 1).data()).containsExactly(2.5, 2.5);
        assertThatThrownBy(() -> Tensor.arange(0, 1, 0)).hasMessageContaining("arange: step");
    }

    @Test
    void randomCreationIsSeededAndDeterministic() {
        Tensor a = Tensor.randn(RandomStream.of(42), 3, 4);
        Tensor b = Tensor.randn(RandomStream.of(42), 3, 4);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(Tensor.randn(RandomStream.of(43), 3, 4));
        Tensor u = Tensor.uniform(RandomStream.of(1), -2, -1, 1000);
        assertThat(u.min()).isGreaterThanOrEqualTo(-2);
        assertThat(u.max()).isLessThan(-1);
        assertThat(Tensor.rand(RandomStream.of(1), 10).max()).isLessThan(1);
    }

    @Test
    void equalityIsByValueAndShape() {
        Tensor a = Tensor.vector(1, 2, Double.NaN);
        assertThat(a).isEqualTo(Tensor.vector(1, 2, Double.NaN)).hasSameHashCodeAs(Tensor.vector(1, 2, Double.NaN));
        assertThat(a.reshape(1, 3)).isNotEqualTo(a);
        assertThat(Tensor.vector(0.0)).isNotEqualTo(Tensor.vector(-0.0));
    }

    @Test
    void allCloseUsesNumpyRule() {
        Tensor a = Tensor.vector(1, 100, Double.POSITIVE_INFINITY);
        assertThat(a.allClose(Tensor.vector(1 + 1e-9, 100.0005, Double.POSITIVE_INFINITY))).isTrue();
        assertThat(a.allClose(Tensor.vector(1, 100.01, Double.POSITIVE_INFINITY))).isFalse();
        assertThat(Tensor.vector(Double.NaN).allClose(Tensor.vector(Double.NaN))).isFalse();
        assertThat(a.allClose(a.reshape(3, 1))).isFalse();
    }

    @Test
    void toStringIsReadable() {
        assertThat(Tensor.scalar(2).toString()).isEqualTo("Tensor[] 2.0");
        assertThat(Tensor.vector(1, 2).toString()).isEqualTo("Tensor[2] [1.0, 2.0]");
        assertThat(Tensor.arange(6).reshape(2, 3).toString()).isEqualTo("Tensor[2, 3]\n[[0.0, 1.0, 2.0],\n [3.0, 4.0, 5.0]]");
        assertThat(Tensor.arange(10).toString()).isEqualTo("Tensor[10] [0.0, 1.0, 2.0, ..., 7.0, 8.0, 9.0]");
        assertThat(Tensor.arange(8).reshape(2, 2, 2).toString())
                .isEqualTo("Tensor[2, 2, 2]\n[[[0.0, 1.0],\n  [2.0, 3.0]],\n\n [[4.0, 5.0],\n  [6.0, 7.0]]]");
    }
}
