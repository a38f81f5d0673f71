package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitTest {
    /** The row ids of a data set whose first feature is the original row index. */
    static Set<Integer> ids(Dataset d) {
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < d.size(); i++) {
            ids.add((int) d.feature(i, 0));
        }
        return ids;
    }

    /** n samples with classes of the given sizes; feature 0 is the row index. */
    static Dataset indexed(int... classSizes) {
        int n = Arrays.stream(classSizes).sum();
        double[] x = new double[n];
        int[] labels = new int[n];
        int r = 0;
        for (int c = 0; c < classSizes.length; c++) {
            for (int k = 0; k < classSizes[c]; k++) {
                x[r] = r;
                labels[r++] = c;
            }
        }
        String[] names = new String[classSizes.length];
        for (int c = 0; c < names.length; c++) {
            names[c] = "c" + c;
        }
        return Dataset.classification("indexed", Tensor.of(x, n, 1), labels, java.util.List.of(names));
    }

    @Test
    void sizesAreRoundedSharesAndThePartsCoverTheDataOnce() {
        Dataset d = indexed(50, 50, 50);
        Split s = d.split(0.2, 0.1, 1);
        assertThat(s.validation().size()).isEqualTo(30);
        assertThat(s.test().size()).isEqualTo(15);
        assertThat(s.train().size()).isEqualTo(105);
        Set<Integer> all = new HashSet<>(ids(s.train()));
        all.addAll(ids(s.validation()));
        all.addAll(ids(s.test()));
        assertThat(all).hasSize(150);
    }

    @Test
    void stratifiedSplitKeepsClassProportions() {
        Dataset d = Datasets.load("digits");
        Split s = d.split(0.1, 0.2, 42);
        int[] all = d.classCounts();
        int[] test = s.test().classCounts();
        int[] val = s.validation().classCounts();
        assertThat(s.test().size()).isEqualTo(359); // round(1797 * 0.2)
        assertThat(s.validation().size()).isEqualTo(180);
        for (int c = 0; c < all.length; c++) {
            assertThat(Math.abs(test[c] - all[c] * 359.0 / 1797)).isLessThan(1.0);
            assertThat(Math.abs(val[c] - all[c] * 180.0 / 1797)).isLessThan(1.0);
        }
    }

    @Test
    void stratifiedSplitOfAnImbalancedSetStillGivesTheSmallClassItsShare() {
        Split s = indexed(95, 5).split(0.0, 0.2, 3);
        assertThat(s.test().classCounts()).containsExactly(19, 1);
        assertThat(s.train().classCounts()).containsExactly(76, 4);
        assertThat(s.validation().size()).isZero();
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Dataset d = indexed(40, 60);
        Split a = d.split(0.2, 0.2, 7);
        Split b = d.split(0.2, 0.2, 7);
        Split c = d.split(0.2, 0.2, 8);
        assertThat(a.test().features().data()).isEqualTo(b.test().features().data());
        assertThat(a.validation().features().data()).isEqualTo(b.validation().features().data());
        assertThat(ids(a.test())).isNotEqualTo(ids(c.test()));
    }

    @Test
    void partsKeepTheOriginalOrder() {
        Split s = indexed(30, 30).split(0.25, 0.25, 5);
        double[] t = s.train().features().data();
        for (int i = 1; i < t.length; i++) {
            assertThat(t[i]).isGreaterThan(t[i - 1]);
        }
    }

    @Test
    void unstratifiedSplitOfARegression() {
        Dataset r = Dataset.regression("r", Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10, 1), new double[10]);
        Split s = r.split(0.3, 0.2, 11);
        assertThat(s.train().size()).isEqualTo(5);
        assertThat(s.validation().size()).isEqualTo(3);
        assertThat(s.test().size()).isEqualTo(2);
        assertThatThrownBy(() -> Split.of(r, 0.3, 0.2, 11, true)).isInstanceOf(DataException.class)
                .hasMessage("split: r is a regression data set and cannot be stratified");
    }

    @Test
    void badFractions() {
        Dataset d = indexed(5, 5);
        assertThatThrownBy(() -> d.split(0.5, 0.5, 1)).isInstanceOf(DataException.class)
                .hasMessage("split: validation fraction 0.5 plus test fraction 0.5 must be less than 1");
        assertThatThrownBy(() -> d.split(-0.1, 0.5, 1)).isInstanceOf(DataException.class)
                .hasMessage("split: the validation fraction must be in [0, 1), got -0.1");
        assertThatThrownBy(() -> indexed(1, 1).split(0.3, 0.45, 1)).isInstanceOf(DataException.class)
                .hasMessage("split: 2 samples of indexed leave none for training after 1 for validation and 1 for testing");
    }

    @Test
    void apportionIsExactAndRespectsCaps() {
        assertThat(Split.apportion(new int[] {50, 50, 50}, 31, new int[] {50, 50, 50})).containsExactly(11, 10, 10);
        assertThat(Split.apportion(new int[] {1, 1, 10}, 6, new int[] {0, 1, 10})).containsExactly(0, 1, 5);
    }
}
