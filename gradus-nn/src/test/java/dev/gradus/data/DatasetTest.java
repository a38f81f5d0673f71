package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {
    static Dataset small() {
        return Dataset.classification("small", Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 4, 2),
                new int[] {0, 1, 2, 1}, List.of("a", "b", "c"));
    }

    @Test
    void factoriesCopyTheirInputs() {
        double[] x = {1, 2, 3, 4};
        int[] labels = {0, 1};
        Dataset d = Dataset.classification("d", Tensor.of(x, 2, 2), labels, List.of("a", "b"));
        x[0] = 99;
        labels[0] = 1;
        assertThat(d.feature(0, 0)).isEqualTo(1.0);
        assertThat(d.label(0)).isZero();
        d.features().data()[1] = 42; // a copy
        assertThat(d.feature(0, 1)).isEqualTo(2.0);
    }

    @Test
    void factoryChecks() {
        Tensor x = Tensor.zeros(2, 2);
        assertThatThrownBy(() -> Dataset.classification("d", x, new int[] {0, 2}, List.of("a", "b")))
                .isInstanceOf(DataException.class).hasMessage("d: label 2 of sample 1 is not a class id 0..1");
        assertThatThrownBy(() -> Dataset.classification("d", x, new int[] {0}, List.of("a")))
                .isInstanceOf(DataException.class).hasMessage("d: 2 samples but 1 labels");
        assertThatThrownBy(() -> Dataset.classification("d", x, new int[] {0, 0}, List.of("a", "a")))
                .isInstanceOf(DataException.class).hasMessage("d: class names must be distinct, got [a, a]");
        assertThatThrownBy(() -> Dataset.regression("d", x, new double[] {0, Double.NaN}))
                .isInstanceOf(DataException.class).hasMessage("d: target NaN of sample 1 is not finite");
        assertThatThrownBy(() -> Dataset.regression("d", Tensor.zeros(3), new double[3]))
                .isInstanceOf(DataException.class)
                .hasMessage("d: features must have shape [n, d] or [n, ...sample shape], got [3]");
    }

    @Test
    void imageShapedFeaturesSetTheSampleShape() {
        Dataset d = Dataset.regression("img", Tensor.zeros(5, 1, 2, 2), new double[5]);
        assertThat(d.numFeatures()).isEqualTo(4);
        assertThat(d.sampleShape()).containsExactly(1, 2, 2);
        assertThat(d.features().shape()).containsExactly(5, 4);
        assertThat(d.samples().shape()).containsExactly(5, 1, 2, 2);
    }

    @Test
    void subsetSelectsRowsInTheGivenOrder() {
        Dataset s = small().subset(3, 0, 3);
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.row(0)).containsExactly(7, 8);
        assertThat(s.row(1)).containsExactly(1, 2);
        assertThat(s.labels()).containsExactly(1, 0, 1);
        assertThat(s.classNames()).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> small().subset(4))
                .isInstanceOf(DataException.class).hasMessage("small: index 4 is out of range for 4 samples");
    }

    @Test
    void rangeSelectsAContiguousBlock() {
        Dataset r = small().range(1, 3);
        assertThat(r.features().data()).containsExactly(3, 4, 5, 6);
        assertThatThrownBy(() -> small().range(2, 5)).isInstanceOf(DataException.class)
                .hasMessage("small: range [2, 5) is not within 0..4");
    }

    @Test
    void oneHotAndY() {
        Dataset d = small();
        assertThat(d.oneHot().shape()).containsExactly(4, 3);
        assertThat(d.oneHot().data()).containsExactly(1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0);
        assertThat(d.y().data()).containsExactly(0, 1, 2, 1);
        assertThatThrownBy(() -> OneHot.encode(new int[] {0, 3}, 3)).isInstanceOf(DataException.class)
                .hasMessage("oneHot: label 3 at 1 is not a class id 0..2");
    }

    @Test
    void regressionHasTargetsAndNoClasses() {
        Dataset r = Dataset.regression("r", Tensor.zeros(2, 1), new double[] {1.5, -2});
        assertThat(r.task()).isEqualTo(Task.REGRESSION);
        assertThat(r.y().data()).containsExactly(1.5, -2);
        assertThat(r.numClasses()).isZero();
        assertThatThrownBy(r::labels).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(r::oneHot).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withSampleShapeMustHoldTheFeatures() {
        assertThat(small().withSampleShape(1, 2).samples().shape()).containsExactly(4, 1, 2);
        assertThatThrownBy(() -> small().withSampleShape(3)).isInstanceOf(DataException.class)
                .hasMessage("small: sample shape [3] does not hold 2 features");
    }
}
