package dev.gradus.zeroth.cmaes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.EigenDecomposition;
import dev.gradus.tensor.Linalg;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The warm-started Jacobi decomposition reconstructs the matrix and agrees with the library's eigenvalues. */
class SymmetricEigenTest {

    @Property(tries = 40)
    void reconstructsAndMatchesEigh(@ForAll @IntRange(min = 1, max = 25) int n, @ForAll long seed,
            @ForAll boolean warm) {
        RandomStream r = RandomStream.of(seed);
        double[] g = new double[n * n];
        r.fillNormal(g);
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? 0.5 : 0;
                for (int k = 0; k < n; k++) {
                    s += g[i * n + k] * g[j * n + k];
                }
                c[i * n + j] = s;
            }
        }
        // A warm start from the exact basis of a nearby matrix, or a cold start from the identity.
        double[] b = warm ? Linalg.eigh(Tensor.of(c.clone(), n, n).add(Tensor.eye(n).mul(0.01))).vectors().data()
                : Tensor.eye(n).data();
        double[] values = new double[n];
        new SymmetricEigen(n).decompose(c, b, values);
        double scale = 0;
        for (double v : c) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double o = 0;
                for (int k = 0; k < n; k++) {
                    s += b[i * n + k] * values[k] * b[j * n + k];
                    o += b[k * n + i] * b[k * n + j];
                }
                assertThat(s).isCloseTo(c[i * n + j], within(1e-10 * scale));
                assertThat(o).isCloseTo(i == j ? 1 : 0, within(1e-12));
            }
        }
        EigenDecomposition ref = Linalg.eigh(Tensor.of(c, n, n));
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertThat(sorted[i]).isCloseTo(ref.values().data()[i], within(1e-10 * scale));
        }
    }
}
