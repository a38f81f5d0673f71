package dev.gradus.distributed.coding;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tandon et al.'s codes: the golden example, every survivor set of both constructions, a real gradient. */
class GradientCodeTest {

    @Test
    void theGoldenThreeWorkerCodeDecodesFromAnyTwo() {
        GradientCode c = GradientCode.of(new double[][] {{0.5, 1, 0}, {0, 1, -1}, {0.5, 0, 1}}, 1);
        assertThat(c.decoder(new int[] {0, 1})).usingComparatorWithPrecision(1e-12).containsExactly(2, -1);
        assertThat(c.decoder(new int[] {0, 2})).usingComparatorWithPrecision(1e-12).containsExactly(1, 1);
        assertThat(c.decoder(new int[] {1, 2})).usingComparatorWithPrecision(1e-12).containsExactly(1, 2);
        assertThatThrownBy(() -> c.decoder(new int[] {1})).hasMessageContaining("cannot recover");
    }

    @Test
    void bothConstructionsDecodeFromEverySetOfNMinusSWorkers() {
        for (GradientCode c : List.of(GradientCode.fractionalRepetition(6, 2), GradientCode.cyclic(6, 2,
                RandomStream.of(4)), GradientCode.cyclic(7, 3, RandomStream.of(5)))) {
            int n = c.workers();
            assertThat(c.load()).isEqualTo((c.stragglers() + 1.0) / n);
            for (int i = 0; i < n; i++) {
                assertThat(c.partitions(i)).hasSize(c.stragglers() + 1);
            }
            for (int[] f : subsets(n, n - c.stragglers())) {
                double[] a = c.decoder(f);
                for (int p = 0; p < n; p++) {
                    double s = 0;
                    for (int j = 0; j < f.length; j++) {
                        s += a[j] * c.coefficients(f[j])[p];
                    }
                    assertThat(s).as(c + " from " + java.util.Arrays.toString(f)).isCloseTo(1.0, Offset.offset(1e-9));
                }
            }
        }
        assertThatThrownBy(() -> GradientCode.fractionalRepetition(6, 3)).hasMessageContaining("must divide");
    }

    @Test
    void aCodedLinearRegressionGradientEqualsTheUncodedOne() {
        RandomStream r = RandomStream.of(9);
        int n = 5;
        int s = 2;
        Tensor w = Tensor.randn(r, 3);
        Tensor[] partial = new Tensor[n];
        Tensor full = Tensor.zeros(3);
        for (int p = 0; p < n; p++) { // the gradient of 0.5 ||X w - y||^2 on partition p
            Tensor x = Tensor.randn(r, 10, 3);
            Tensor y = Tensor.randn(r, 10);
            partial[p] = x.matmul(x.matmul(w.reshape(3, 1)).reshape(10).sub(y).reshape(10, 1), true, false).reshape(3);
            full = full.add(partial[p]);
        }
        GradientCode c = GradientCode.cyclic(n, s, RandomStream.of(1));
        Tensor[] sent = new Tensor[n];
        for (int i = 0; i < n; i++) {
            sent[i] = Tensor.zeros(3);
            double[] b = c.coefficients(i);
            for (int p : c.partitions(i)) {
                sent[i] = sent[i].add(partial[p].mul(b[p]));
            }
        }
        int[] arrived = {0, 2, 3};
        double[] a = c.decoder(arrived);
        Tensor decoded = Tensor.zeros(3);
        for (int j = 0; j < arrived.length; j++) {
            decoded = decoded.add(sent[arrived[j]].mul(a[j]));
        }
        assertThat(decoded.allClose(full, 1e-10, 1e-10)).as(decoded + " vs " + full).isTrue();
    }

    static List<int[]> subsets(int n, int k) {
        List<int[]> out = new ArrayList<>();
        for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) == k) {
                int[] s = new int[k];
                int at = 0;
                for (int i = 0; i < n; i++) {
                    if ((mask >> i & 1) == 1) {
                        s[at++] = i;
                    }
                }
                out.add(s);
            }
        }
        return out;
    }
}
