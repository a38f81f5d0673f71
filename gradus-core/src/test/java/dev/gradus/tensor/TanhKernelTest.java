package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The array tanh (vectorised when the Vector API is present) against the one-value function and against
 * {@link StrictMath#tanh}: the same bits element by element, whatever the position in the array, and the
 * documented error bound.
 */
class TanhKernelTest {
    /** A dense sweep of [-25, 25], the branch points, tiny values and the special values. */
    private static double[] sweep() {
        int n = 500_001;
        double[] special = {0.0, -0.0, 0.625, -0.625, Math.nextDown(0.625), Math.nextUp(0.625), 22, -22,
            Math.nextUp(22.0), 1e-300, -1e-300, Double.MIN_VALUE, 1e-8, -3e-9, 44, 700, -800,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.MAX_VALUE};
        double[] x = new double[n + special.length];
        for (int i = 0; i < n; i++) {
            x[i] = -25 + 50.0 * i / (n - 1) + 1e-7 * Math.sin(i); // irregular spacing: not only round numbers
        }
        System.arraycopy(special, 0, x, n, special.length);
        return x;
    }

    @Test
    void arrayKernelGivesTheBitsOfTheScalarFunctionAtEveryOffset() {
        double[] x = sweep();
        for (int offset = 0; offset < 9; offset++) { // every alignment of the vector loop and its tail
            int n = x.length - offset;
            double[] out = new double[n];
            TanhKernel.tanh(x, offset, out, 0, n);
            for (int i = 0; i < n; i++) {
                double expected = TanhKernel.tanh(x[offset + i]);
                if (Double.doubleToRawLongBits(out[i]) != Double.doubleToRawLongBits(expected)) {
                    throw new AssertionError("tanh(" + x[offset + i] + ") at offset " + offset + ": array " + out[i]
                            + ", scalar " + expected);
                }
            }
        }
    }

    @Test
    void isWithinTheDocumentedBoundOfStrictMath() {
        double worst = 0;
        for (double x : sweep()) {
            double expected = StrictMath.tanh(x), actual = TanhKernel.tanh(x);
            if (Double.isNaN(expected)) {
                assertThat(actual).isNaN();
                continue;
            }
            double rel = expected == 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
            worst = Math.max(worst, rel);
        }
        assertThat(worst).isLessThanOrEqualTo(4e-16);
    }

    @Test
    void keepsSignedZerosAndSaturates() {
        assertThat(1 / TanhKernel.tanh(-0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(1 / TanhKernel.tanh(0.0)).isEqualTo(Double.POSITIVE_INFINITY);
        double[] x = {-0.0, 0.0, -30, 30, Double.NaN, -0.0, 0.0, -30, 30, Double.NaN};
        double[] out = new double[x.length];
        TanhKernel.tanh(x, 0, out, 0, x.length);
        assertThat(1 / out[0]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(1 / out[1]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(out[2]).isEqualTo(-1.0);
        assertThat(out[3]).isEqualTo(1.0);
        assertThat(out[4]).isNaN();
    }
}
