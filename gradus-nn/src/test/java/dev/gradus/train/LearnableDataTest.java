package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.data.DataException;
import dev.gradus.data.Dataset;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnableDataTest {
    private static Dataset classes(int n, int k) {
        int[] y = new int[n];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add("c" + c);
        }
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
        }
        return Dataset.classification("pets.csv", Tensor.zeros(n, 2), y, names);
    }

    @Test
    void oneClassIsRefusedNamingTheDataTheColumnAndTheLabel() {
        assertThatThrownBy(() -> LearnableData.require(classes(10, 1), "pets.csv", "the last column"))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("pets.csv: label column (the last column): every one of the 10 samples has"
                        + " the label 'c0'").hasMessageContaining("at least two classes");
    }

    @Test
    void moreThanOneClassPerTwoSamplesIsRefused() {
        assertThatThrownBy(() -> LearnableData.require(classes(10, 6), "pets.csv", "--label-column id"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("(--label-column id): 6 distinct labels among 10 samples");
        assertThatCode(() -> LearnableData.require(classes(10, 5), "pets.csv", "the last column"))
                .doesNotThrowAnyException();
        assertThatCode(() -> LearnableData.require(classes(10, 2), "pets.csv", "the last column"))
                .doesNotThrowAnyException();
    }
}
