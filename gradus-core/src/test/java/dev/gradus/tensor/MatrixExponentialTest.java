package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MatrixExponentialTest {

    // Independent reference: halve until the 1-norm is below 1/64, sum 30 Taylor terms, square back.
    private static double[] series(double[] a, int n) {
        double norm = 0;
        for (double v : a) {
            norm += Math.abs(v);
        }
        int k = 0;
        while (norm / Math.pow(2, k) > 1.0 / 64) {
            k++;
        }
        double[] x = new double[n * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = a[i] / Math.pow(2, k);
        }
        double[] sum = new double[n * n];
        double[] term = new double[n * n];
        for (int i = 0; i < n; i++) {
            sum[i * n + i] = 1;
            term[i * n + i] = 1;
        }
        for (int j = 1; j <= 30; j++) {
            term = mm(term, x, n);
            for (int i = 0; i < term.length; i++) {
                term[i] /= j;
                sum[i] += term[i];
            }
        }
        for (int s = 0; s < k; s++) {
            sum = mm(sum, sum, n);
        }
        return sum;
    }

    private static double[] mm(double[] a, double[] b, int n) {
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < n; p++) {
                    s += a[i * n + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @Test
    void rotationGeneratorGivesTheRotationAtSmallAndLargeNorm() {
        for (double t : new double[] {0.3, 3.0, 30.0}) {
            double[] e = MatrixExponential.of(new double[] {0, -t, t, 0}, 2);
            assertThat(e[0]).isCloseTo(Math.cos(t), within(1e-12));
            assertThat(e[1]).isCloseTo(-Math.sin(t), within(1e-12));
            assertThat(e[2]).isCloseTo(Math.sin(t), within(1e-12));
            assertThat(e[3]).isCloseTo(Math.cos(t), within(1e-12));
        }
    }

    @Test
    void diagonalAndNilpotentMatricesHaveClosedForms() {
        double[] d = MatrixExponential.of(new double[] {-40, 0, 0, 2}, 2);
        assertThat(d[0]).isCloseTo(Math.exp(-40), within(1e-25));
        assertThat(d[3]).isCloseTo(Math.exp(2), within(1e-13));
        // strictly upper triangular N: e^N = I + N + N^2/2
        double[] e = MatrixExponential.of(new double[] {0, 1, 2, 0, 0, 3, 0, 0, 0}, 3);
        assertThat(e).containsExactly(new double[] {1, 1, 2 + 1.5, 0, 1, 3, 0, 0, 1}, within(1e-13));
    }

    @Test
    void randomMatricesMatchTheScaledTaylorSeries() {
        RandomStream rng = RandomStream.of(7);
        for (int n : new int[] {1, 3, 8, 20}) {
            for (double scale : new double[] {0.05, 1, 4}) {
                double[] a = new double[n * n];
                rng.fillNormal(a);
                for (int i = 0; i < a.length; i++) {
                    a[i] *= scale;
                }
                double[] expected = series(a, n);
                double[] got = MatrixExponential.of(a, n);
                double max = 0;
                for (double v : expected) {
                    max = Math.max(max, Math.abs(v));
                }
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).as("n=%d scale=%s entry %d", n, scale, i)
                            .isCloseTo(expected[i], within(1e-11 * Math.max(1, max)));
                }
            }
        }
    }

    @Test
    void tensorFormRejectsNonSquareAndNonFiniteInput() {
        assertThat(MatrixExponential.of(Tensor.zeros(2, 2)).data()).containsExactly(1, 0, 0, 1);
        assertThatThrownBy(() -> MatrixExponential.of(Tensor.zeros(2, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("square");
        assertThatThrownBy(() -> MatrixExponential.of(new double[] {Double.NaN}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
    }
}
