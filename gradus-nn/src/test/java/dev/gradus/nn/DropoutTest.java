package dev.gradus.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DropoutTest {

    @Test
    void trainingZeroesWithProbabilityPAndScalesTheRest() {
        Dropout d = new Dropout(0.25, RandomStream.of(3));
        double[] y = d.forward(Tensor.ones(100, 100)).value().data();
        int zeros = 0;
        for (double v : y) {
            if (v == 0) {
                zeros++;
            } else {
                assertThat(v).isEqualTo(1 / 0.75);
            }
        }
        assertThat(zeros).isBetween(2300, 2700); // 2500 expected, sd 43
        // The mask is the stream's uniforms, one per element, kept when u >= p.
        RandomStream replay = RandomStream.of(3);
        for (double v : y) {
            assertThat(v == 0).isEqualTo(replay.uniform() < 0.25);
        }
    }

    @Test
    void evaluationIsTheIdentity() {
        Tensor x = Tensor.randn(RandomStream.of(1), 4, 5);
        Dropout d = new Dropout(0.5, RandomStream.of(3));
        d.eval();
        assertThat(d.forward(x).value().data()).isEqualTo(x.data());
    }

    @Test
    void restoringTheStreamReplaysTheMasks() {
        Module net = Mlp.builder(4).hidden(8).outputs(2).dropout(0.5).build(RandomStream.of(0));
        Tensor x = Tensor.randn(RandomStream.of(1), 3, 4);
        Map<String, long[]> saved = net.randomStates();
        assertThat(saved.keySet()).containsExactly("2.rng");
        Tensor first = net.forward(x).value();
        Tensor second = net.forward(x).value();
        assertThat(second.data()).isNotEqualTo(first.data());
        net.loadRandomStates(saved);
        assertThat(net.forward(x).value().data()).isEqualTo(first.data());
    }

    @Test
    void dropoutDoesNotChangeTheInitialWeights() {
        Module plain = Mlp.builder(4).hidden(8, 8).outputs(2).build(RandomStream.of(0));
        Module dropped = Mlp.builder(4).hidden(8, 8).outputs(2).dropout(0.1).build(RandomStream.of(0));
        assertThat(dropped.namedParameters().get("3.weight").data())
                .isEqualTo(plain.namedParameters().get("2.weight").data());
    }

    @Test
    void rejectsBadProbabilities() {
        assertThatThrownBy(() -> new Dropout(1.0, RandomStream.of(0))).hasMessageContaining("p must be in [0, 1)");
    }
}
