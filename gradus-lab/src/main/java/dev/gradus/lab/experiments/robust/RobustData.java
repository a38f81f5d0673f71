package dev.gradus.lab.experiments.robust;

import dev.gradus.data.Dataset;
import dev.gradus.data.Datasets;
import dev.gradus.data.Split;
import dev.gradus.tensor.Tensor;

/**
 * The bundled 8x8 digits scaled from [0, 16] to the box [0, 1] that the attacks assume, split 80/20 with a fixed
 * seed; and the first {@code n} test inputs and labels that an attack is evaluated on.
 */
final class RobustData {
    final Dataset train;
    final Dataset test;

    private RobustData(Dataset train, Dataset test) {
        this.train = train;
        this.test = test;
    }

    static RobustData digits() {
        Dataset all = Datasets.load("digits");
        Dataset scaled = Dataset.classification("digits01", all.features().div(16.0), all.labels(), all.classNames());
        Split s = scaled.split(0.2, 0.0, 7);
        return new RobustData(s.train(), s.validation());
    }

    Tensor testInputs(int n) {
        return test.range(0, Math.min(n, test.size())).features();
    }

    int[] testLabels(int n) {
        return test.range(0, Math.min(n, test.size())).labels();
    }
}
