package dev.gradus.optim.factor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.Blas;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.junit.jupiter.api.Test;

class RebalancingTest {

    private static double[] product(Tensor f, Tensor g) {
        int n1 = f.dim(0);
        int n2 = g.dim(0);
        int k = f.dim(1);
        double[] m = new double[n1 * n2];
        Blas.dgemm(false, true, n1, n2, k, 1.0, f.data(), 0, k, g.data(), 0, k, 0.0, m, 0, n2);
        return m;
    }

    @Test
    void theProductIsKeptAndEverySingularValueOfFBecomesOne() {
        RandomStream rng = RandomStream.of(3);
        Tensor f = Tensor.randn(rng, 20, 4);
        Tensor g = Tensor.randn(rng, 15, 4);
        for (int i = 0; i < f.size(); i++) {
            f.data()[i] *= 1e-3 * (1 + i % 4); // a small, badly conditioned F, as after a small initialisation
        }
        double[] before = product(f, g);
        TensorMap params = new TensorMap().put("F", f).put("G", g);
        Rebalancing.rebalance(params, "F", "G");
        double[] after = product(f, g);
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i]).isCloseTo(before[i], within(1e-12 * (1 + Math.abs(before[i]))));
        }
        double[] sv = SingularOps_DDRM.singularValues(new DMatrixRMaj(20, 4, true, f.data()));
        for (double s : sv) {
            assertThat(s).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void aRankDeficientFactorIsRefusedAndNothingChanges() {
        RandomStream rng = RandomStream.of(4);
        Tensor f = Tensor.randn(rng, 6, 3);
        for (int i = 0; i < 6; i++) {
            f.data()[i * 3 + 2] = 2 * f.data()[i * 3]; // the third column is twice the first
        }
        Tensor g = Tensor.randn(rng, 5, 3);
        Tensor f0 = f.copy();
        assertThatThrownBy(() -> Rebalancing.rebalance(f, g)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FᵀF is singular").hasMessageContaining("full column rank 3");
        assertThat(f.data()).isEqualTo(f0.data());
        assertThatThrownBy(() -> Rebalancing.rebalance(Tensor.zeros(4, 2), Tensor.zeros(4, 3)))
                .hasMessageContaining("got F [4, 2] and G [4, 3]");
        assertThatThrownBy(() -> Rebalancing.rebalance(new TensorMap().put("F", f), "F", "G"))
                .hasMessageContaining("no parameter 'G'");
    }
}
