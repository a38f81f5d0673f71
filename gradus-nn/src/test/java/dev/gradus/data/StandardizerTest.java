package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizerTest {
    @Test
    void fitComputesPopulationMeanAndStd() {
        Dataset d = Dataset.regression("d", Tensor.of(new double[] {1, 10, 3, 10, 5, 10}, 3, 2), new double[3]);
        Standardizer z = Standardizer.fit(d);
        assertThat(z.mean()).containsExactly(3, 10);
        assertThat(z.std()[0]).isCloseTo(Math.sqrt(8.0 / 3), within(1e-15));
        assertThat(z.std()[1]).isEqualTo(1.0); // constant column: scale 1, so it becomes 0 rather than NaN
        Dataset s = z.apply(d);
        assertThat(s.feature(0, 1)).isZero();
        assertThat(s.feature(2, 0)).isCloseTo(2 / Math.sqrt(8.0 / 3), within(1e-15));
    }

    @Test
    void aConstantColumnWithRoundingInItsMeanIsStillConstant() {
        double[] x = new double[10];
        java.util.Arrays.fill(x, 0.1);
        Dataset d = Dataset.regression("d", Tensor.of(x, 10, 1), new double[10]);
        assertThat(Standardizer.fit(d).std()).containsExactly(1.0);
    }

    @Test
    void trainingStatisticsOnlyAreAppliedToOtherSplits() {
        Split s = Datasets.load("wine").split(0.2, 0.2, 3);
        Standardizer z = Standardizer.fit(s.train());
        Dataset train = z.apply(s.train());
        Dataset test = z.apply(s.test());
        for (int j = 0; j < 13; j++) {
            double m = 0;
            for (int i = 0; i < train.size(); i++) {
                m += train.feature(i, j);
            }
            assertThat(m / train.size()).isCloseTo(0.0, within(1e-12));
            double raw = s.test().feature(0, j);
            assertThat(test.feature(0, j)).isEqualTo((raw - z.mean()[j]) / z.std()[j]);
        }
        // the test split's own statistics differ from the training ones, so its mean is not exactly 0
        assertThat(Standardizer.fit(s.test())).isNotEqualTo(z);
        assertThat(test.labels()).containsExactly(s.test().labels());
    }

    @Test
    void tensorsAndInverse() {
        Standardizer z = new Standardizer(new double[] {1, 2}, new double[] {2, 4});
        Tensor t = z.apply(Tensor.of(new double[] {3, 6, 1, 2}, 2, 2));
        assertThat(t.data()).containsExactly(1, 1, 0, 0);
        assertThat(z.inverse(t).data()).containsExactly(3, 6, 1, 2);
    }

    @Test
    void errors() {
        Standardizer z = new Standardizer(new double[] {1, 2}, new double[] {2, 4});
        Dataset three = Dataset.classification("three", Tensor.zeros(1, 3), new int[] {0}, List.of("a"));
        assertThatThrownBy(() -> z.apply(three)).isInstanceOf(DataException.class)
                .hasMessage("Standardizer: fitted on 2 features, but three has 3 features");
        assertThatThrownBy(() -> new Standardizer(new double[] {0}, new double[] {0})).isInstanceOf(DataException.class)
                .hasMessage("Standardizer: feature 0 has mean 0.0 and scale 0.0; the mean must be finite and the scale"
                        + " positive and finite");
        assertThatThrownBy(() -> Standardizer.fit(three.subset())).isInstanceOf(DataException.class)
                .hasMessage("Standardizer.fit: three has no samples");
    }

    @Test
    void recordIsImmutableAndComparesByValue() {
        double[] mean = {1};
        Standardizer z = new Standardizer(mean, new double[] {2});
        mean[0] = 5;
        z.mean()[0] = 7;
        assertThat(z.mean()).containsExactly(1);
        assertThat(z).isEqualTo(new Standardizer(new double[] {1}, new double[] {2}));
        assertThat(z.hashCode()).isEqualTo(new Standardizer(new double[] {1}, new double[] {2}).hashCode());
    }
}
