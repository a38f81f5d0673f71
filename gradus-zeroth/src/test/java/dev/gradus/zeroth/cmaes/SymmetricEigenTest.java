package dev.gradus.zeroth.cmaes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.EigenDecomposition;
import dev.gradus.tensor.Linalg;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

/** The tridiagonal-QL decomposition reconstructs the matrix, has orthonormal vectors and the library's eigenvalues. */
class SymmetricEigenTest {

    @Property(tries = 40)
    void reconstructsAndMatchesEigh(@ForAll @IntRange(min = 1, max = 25) int n, @ForAll long seed,
            @ForAll boolean lowRank) {
        RandomStream r = RandomStream.of(seed);
        double[] g = new double[n * n];
        r.fillNormal(g);
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j && !lowRank ? 0.5 : 0;
                for (int k = 0; k < (lowRank ? (n + 1) / 2 : n); k++) {
                    s += g[i * n + k] * g[j * n + k];
                }
                c[i * n + j] = s;
            }
        }
        double[] b = new double[n * n];
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
        for (int i = 0; i < n; i++) {
            assertThat(values[i]).isCloseTo(ref.values().data()[i], within(1e-10 * scale));
        }
        assertThat(values).isSorted();
    }

    @Example
    void diagonalAndRepeatedEigenvaluesComeOutExactly() {
        double[] c = {3, 0, 0, 0, 1, 0, 0, 0, 3};
        double[] b = new double[9];
        double[] values = new double[3];
        new SymmetricEigen(3).decompose(c, b, values);
        assertThat(values).containsExactly(1, 3, 3);
    }

    @Example
    void refusesNonFiniteEntriesByPosition() {
        double[] c = {1, 0, 0, Double.NaN};
        assertThatThrownBy(() -> new SymmetricEigen(2).decompose(c, new double[4], new double[2]))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("at (1, 1)");
    }

    @Property(tries = 2000, shrinking = ShrinkingMode.OFF)
    void hypotIsWithinTwoUlpsOfMathHypot(@ForAll double a, @ForAll double b) {
        double exact = Math.hypot(a, b);
        double fast = SymmetricEigen.hypot(a, b);
        if (Double.isNaN(exact) || Double.isInfinite(exact)) {
            assertThat(fast).isEqualTo(exact);
        } else {
            assertThat(Math.abs(fast - exact)).isLessThanOrEqualTo(2 * Math.ulp(exact));
        }
    }

    @Example
    void hypotHandlesTheExtremes() {
        assertThat(SymmetricEigen.hypot(1e300, 1e300)).isCloseTo(Math.sqrt(2) * 1e300, within(1e285));
        assertThat(SymmetricEigen.hypot(3e-300, 4e-300)).isCloseTo(5e-300, within(1e-314));
        assertThat(SymmetricEigen.hypot(0, 0)).isZero();
        assertThat(SymmetricEigen.hypot(-3, 4)).isEqualTo(5);
        assertThat(SymmetricEigen.hypot(Double.NEGATIVE_INFINITY, 1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(SymmetricEigen.hypot(Double.NaN, Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(SymmetricEigen.hypot(Double.NaN, 1)).isNaN();
    }
}
