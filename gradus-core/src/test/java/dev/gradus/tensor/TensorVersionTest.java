package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The in-place modification counter: what counts, what does not, and what views share. */
class TensorVersionTest {

    private static Tensor matrix() {
        return Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    }

    @Test
    void newTensorsAndOperationResultsStartAtZero() {
        Tensor t = matrix();
        assertThat(t.version()).isZero();
        assertThat(Tensor.zeros(3).version()).isZero();
        assertThat(t.copy().version()).isZero();
        assertThat(t.add(1).version()).isZero();
        assertThat(t.matmul(t, false, true).version()).isZero();
        assertThat(t.softmax(1).version()).isZero();
    }

    static Stream<Arguments> mutations() {
        return Stream.of(
                m("assign", t -> t.assign(Tensor.ones(2, 3))),
                m("fill", t -> t.fill(0)),
                m("set", t -> t.set(7, 1, 2)),
                m("in-place elementwise", t -> Elementwise.mul(t, 0.5, t)),
                m("elementwise into output", t -> Elementwise.add(Tensor.ones(2, 3), Tensor.ones(3), t)),
                m("unary into output", t -> Elementwise.tanh(t, t)),
                m("where into output", t -> Elementwise.where(Tensor.ones(2, 3), t, t, t)),
                m("matmul into output", t -> Products.matmul(Tensor.ones(2, 4), Tensor.ones(4, 3), t)),
                m("softmax into output", t -> Softmax.softmax(Tensor.ones(2, 3), 1, t)),
                m("indexAdd", t -> ShapeOps.indexAdd(t, new int[] {1}, Tensor.ones(1, 3))),
                m("data() write and markModified", t -> {
                    t.data()[0] = 9;
                    t.markModified();
                }));
    }

    private static Arguments m(String name, Consumer<Tensor> mutation) {
        return Arguments.of(name, mutation);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void everyMutationThroughTheApiCountsOnce(String name, Consumer<Tensor> mutation) {
        Tensor t = matrix();
        mutation.accept(t);
        assertThat(t.version()).as(name).isEqualTo(1);
        mutation.accept(t);
        assertThat(t.version()).as(name).isEqualTo(2);
    }

    @Test
    void readingAndComputingFromATensorDoNotCount() {
        Tensor t = matrix();
        t.data();
        t.get(1, 1);
        t.sum();
        t.add(t).mul(2).exp();
        t.matmul(t, true, false);
        t.transpose();
        t.copy();
        t.indexAdd(new int[] {0}, Tensor.ones(1, 3)); // adds into a copy
        Elementwise.add(t, t, null);
        assertThat(t.version()).isZero();
    }

    @Test
    void viewsShareTheCounterAndCopiesDoNot() {
        Tensor t = matrix();
        Tensor flat = t.reshape(6);
        Tensor row = t.unsqueeze(0).squeeze(0);
        Tensor copy = t.copy();
        Tensor sameArray = Tensor.of(t.data(), 3, 2);
        flat.fill(1);
        assertThat(t.version()).isEqualTo(1);
        assertThat(row.version()).isEqualTo(1);
        assertThat(copy.version()).isZero();
        assertThat(sameArray.version()).as("of() wraps an array with a counter of its own").isZero();
        t.markModified();
        assertThat(flat.version()).isEqualTo(2);
    }
}
