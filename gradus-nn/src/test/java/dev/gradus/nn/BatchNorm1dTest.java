package dev.gradus.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class BatchNorm1dTest {
    // Two features, four samples: columns (1, 2, 3, 6) and (0, -2, 4, 2).
    private static final Tensor X = Tensor.of(new double[] {1, 0, 2, -2, 3, 4, 6, 2}, 4, 2);

    @Test
    void trainingNormalisesWithBiasedBatchStatisticsAndTracksUnbiasedOnes() {
        BatchNorm1d bn = new BatchNorm1d(2);
        Tensor y = bn.forward(X).value();
        // Feature 0: mean 3, biased var (4+1+0+9)/4 = 3.5, unbiased 14/3.
        double inv0 = 1 / Math.sqrt(3.5 + 1e-5);
        assertThat(y.get(0, 0)).isCloseTo((1 - 3) * inv0, within(1e-14));
        assertThat(y.get(3, 0)).isCloseTo((6 - 3) * inv0, within(1e-14));
        // Feature 1: mean 1, biased var (1+9+9+1)/4 = 5, unbiased 20/3.
        assertThat(y.get(1, 1)).isCloseTo((-2 - 1) / Math.sqrt(5 + 1e-5), within(1e-14));
        assertThat(bn.runningMean().data()).containsExactly(new double[] {0.1 * 3, 0.1 * 1}, within(1e-15));
        assertThat(bn.runningVar().data()).containsExactly(new double[] {0.9 + 0.1 * 14 / 3.0, 0.9 + 0.1 * 20 / 3.0},
                within(1e-15));
        assertThat(bn.numBatchesTracked()).isEqualTo(1);

        bn.forward(X);
        assertThat(bn.runningMean().get(0)).isCloseTo(0.9 * 0.3 + 0.1 * 3, within(1e-15));
        assertThat(bn.runningVar().get(1)).isCloseTo(0.9 * (0.9 + 0.1 * 20 / 3.0) + 0.1 * 20 / 3.0, within(1e-15));
        assertThat(bn.numBatchesTracked()).isEqualTo(2);
        assertThat(bn.namedBuffers().names())
                .containsExactly("running_mean", "running_var", "num_batches_tracked");
    }

    @Test
    void evaluationUsesTheRunningStatisticsAndLeavesThemAlone() {
        BatchNorm1d bn = new BatchNorm1d(2);
        bn.runningMean().data()[0] = 2;
        bn.runningVar().data()[1] = 4;
        bn.weight().value().data()[1] = 3;
        bn.bias().value().data()[1] = 0.5;
        bn.eval();
        Tensor y = bn.forward(X).value();
        assertThat(y.get(2, 0)).isCloseTo((3 - 2) / Math.sqrt(1 + 1e-5), within(1e-14));
        assertThat(y.get(2, 1)).isCloseTo(3 * 4 / Math.sqrt(4 + 1e-5) + 0.5, within(1e-14));
        assertThat(bn.runningMean().data()).containsExactly(2, 0);
        assertThat(bn.numBatchesTracked()).isZero();
    }

    @Test
    void threeDimensionalInputPoolsOverBatchAndLength() {
        BatchNorm1d bn = new BatchNorm1d(2);
        // [N=2, C=2, L=2]: channel 0 holds 1, 2, 5, 6; channel 1 holds 0, 0, 0, 8.
        Tensor x = Tensor.of(new double[] {1, 2, 0, 0, 5, 6, 0, 8}, 2, 2, 2);
        Tensor y = bn.forward(Var.constant(x)).value();
        double var0 = (6.25 + 2.25 + 2.25 + 6.25) / 4; // mean 3.5
        assertThat(y.get(1, 0, 1)).isCloseTo((6 - 3.5) / Math.sqrt(var0 + 1e-5), within(1e-14));
        assertThat(bn.runningMean().data()).containsExactly(new double[] {0.35, 0.2}, within(1e-15));
        assertThat(bn.runningVar().get(0)).isCloseTo(0.9 + 0.1 * var0 * 4 / 3, within(1e-15));
    }

    @Test
    void refusesASingleValuePerChannelInTraining() {
        assertThatThrownBy(() -> new BatchNorm1d(2).forward(Tensor.zeros(1, 2)))
                .hasMessageContaining("more than 1 value per channel");
        assertThatThrownBy(() -> new BatchNorm1d(3).forward(Tensor.zeros(4, 2)))
                .hasMessageContaining("BatchNorm1d(3)").hasMessageContaining("[4, 2]");
    }
}
