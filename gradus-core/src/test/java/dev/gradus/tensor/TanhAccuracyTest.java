package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link Elementwise#tanh(double)}: its error against a 40-digit reference, its exact cases, and the array
 * form's bits (whole vectors when the Vector API module is present) against the scalar function's.
 */
class TanhAccuracyTest {
    private static final MathContext MC = new MathContext(40);
    /** The bound proved in the Javadoc of {@link Elementwise#tanh(double)}. */
    private static final double PROVEN_ULPS = 4.5;
    /** The error the Javadoc reports as measured (2.0 ulps), with a margin for other grids. */
    private static final double MEASURED_ULPS = 2.5;

    /** e^x for x >= 0 to 40 digits: the Taylor series of x / 1024, squared ten times. */
    private static BigDecimal exp(BigDecimal x) {
        BigDecimal y = x.divide(BigDecimal.valueOf(1024), MC);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        for (int k = 1; k < 30; k++) {
            term = term.multiply(y, MC).divide(BigDecimal.valueOf(k), MC);
            sum = sum.add(term, MC);
        }
        for (int i = 0; i < 10; i++) {
            sum = sum.multiply(sum, MC);
        }
        return sum;
    }

    /** tanh(x) to about 40 digits: (e^2z - 1) / (e^2z + 1), or its series where that would cancel. */
    private static BigDecimal reference(double x) {
        BigDecimal z = new BigDecimal(Math.abs(x));
        BigDecimal t;
        if (Math.abs(x) < 1e-4) { // z - z^3/3 + 2 z^5/15 - 17 z^7/315: the next term is below 1e-36 z
            BigDecimal z2 = z.multiply(z, MC);
            BigDecimal z3 = z.multiply(z2, MC);
            BigDecimal z5 = z3.multiply(z2, MC);
            t = z.subtract(z3.divide(BigDecimal.valueOf(3), MC), MC)
                    .add(z5.multiply(BigDecimal.valueOf(2)).divide(BigDecimal.valueOf(15), MC), MC)
                    .subtract(z5.multiply(z2, MC).multiply(BigDecimal.valueOf(17)).divide(BigDecimal.valueOf(315), MC), MC);
        } else {
            BigDecimal e = exp(z.multiply(BigDecimal.valueOf(2)));
            t = e.subtract(BigDecimal.ONE).divide(e.add(BigDecimal.ONE), MC);
        }
        return x < 0 ? t.negate() : t;
    }

    private static double ulpsFromReference(double x) {
        BigDecimal ref = reference(x);
        BigDecimal err = new BigDecimal(Elementwise.tanh(x)).subtract(ref).abs();
        return err.divide(new BigDecimal(Math.ulp(ref.doubleValue())), MC).doubleValue();
    }

    @Test
    void errorAgainstAFortyDigitReferenceIsWithinTheMeasuredBound() {
        RandomStream rng = RandomStream.of(9);
        double worst = 0;
        int n = 30_000;
        for (int i = 0; i < n; i++) {
            double x = switch (i % 3) {
                case 0 -> 20.0 * i / n; // dense over the whole unsaturated range
                case 1 -> rng.uniform(0, 1.5); // k = 0 and 1, where the bound is tightest
                default -> Math.scalb(rng.uniform(0.5, 1), -rng.nextInt(60)); // small arguments
            };
            worst = Math.max(worst, ulpsFromReference(rng.bernoulli(0.5) ? x : -x));
        }
        assertThat(worst).isLessThanOrEqualTo(MEASURED_ULPS).isLessThanOrEqualTo(PROVEN_ULPS);
    }

    @Test
    void exactCases() {
        assertThat(Elementwise.tanh(Double.NaN)).isNaN();
        assertThat(Elementwise.tanh(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(Elementwise.tanh(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
        assertThat(Elementwise.tanh(-30)).isEqualTo(-1.0);
        assertThat(Elementwise.tanh(1e300)).isEqualTo(1.0);
        for (double x = 19.1; x < 60; x += 0.01) {
            assertThat(Elementwise.tanh(x)).as("tanh(%s)", x).isEqualTo(1.0);
        }
        assertThat(Elementwise.tanh(19.0)).isLessThan(1.0);
        assertThat(1 / Elementwise.tanh(0.0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(1 / Elementwise.tanh(-0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Elementwise.tanh(1e-300)).isEqualTo(1e-300);
        assertThat(Elementwise.tanh(Double.MIN_VALUE)).isEqualTo(Double.MIN_VALUE);
        assertThat(Elementwise.tanh(0x1p-55)).isEqualTo(0x1p-55);
    }

    @Property(tries = 2000, seed = "20261203")
    void oddBoundedAndCloseToStrictMath(@ForAll double x) {
        double t = Elementwise.tanh(x);
        assertThat(Double.doubleToRawLongBits(Elementwise.tanh(-x))).isEqualTo(Double.doubleToRawLongBits(-t));
        if (Double.isNaN(x)) {
            assertThat(t).isNaN();
            return;
        }
        assertThat(Math.abs(t)).isLessThanOrEqualTo(1.0);
        // StrictMath.tanh (fdlibm) measured within 0.5 ulp of the reference on the grid above: 2.0 + 0.5 < 3
        double expected = StrictMath.tanh(x);
        assertThat(Math.abs(t - expected)).as("tanh(%s)", x).isLessThanOrEqualTo(3 * Math.ulp(expected));
    }

    @Test
    void arrayFormHasTheScalarBitsAtAnyOffsetAndLength() {
        RandomStream rng = RandomStream.of(10);
        double[] x = new double[1037];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (i % 5) {
                case 0 -> rng.normal() * 2;
                case 1 -> Math.scalb(rng.uniform(-1, 1), -rng.nextInt(70));
                case 2 -> rng.uniform(-25, 25);
                case 3 -> rng.uniform(-0.7, 0.7);
                default -> new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                        19.1, -44.5, Double.MIN_VALUE, -Double.MAX_VALUE}[rng.nextInt(9)];
            };
        }
        for (int off : new int[] {0, 1, 3}) {
            for (int n : new int[] {0, 1, 3, 4, 7, 8, 33, 512, x.length - off}) {
                double[] y = new double[n + 5];
                Elementwise.tanh(x, off, y, 2, n);
                for (int i = 0; i < n; i++) {
                    assertThat(Double.doubleToRawLongBits(y[2 + i])).as("tanh(%s)", x[off + i])
                            .isEqualTo(Double.doubleToRawLongBits(Elementwise.tanh(x[off + i])));
                }
            }
        }
        double[] inPlace = x.clone();
        Elementwise.tanh(inPlace, 0, inPlace, 0, inPlace.length);
        Tensor t = Tensor.of(x.clone(), x.length).tanh();
        for (int i = 0; i < x.length; i++) {
            long bits = Double.doubleToRawLongBits(Elementwise.tanh(x[i]));
            assertThat(Double.doubleToRawLongBits(inPlace[i])).isEqualTo(bits);
            assertThat(Double.doubleToRawLongBits(t.data()[i])).isEqualTo(bits);
        }
    }

    @Test
    void biasedFormHasTheBitsOfTheAddThenTanh() {
        RandomStream rng = RandomStream.of(12);
        for (int cols : new int[] {16, 8, 3, 1}) { // whole vectors per row, and rows the vectors do not divide
            int rows = 7;
            double[] z = new double[rows * cols], bias = new double[cols];
            for (int i = 0; i < z.length; i++) {
                z[i] = rng.normal() * 3;
            }
            for (int j = 0; j < cols; j++) {
                bias[j] = rng.normal();
            }
            double[] fused = z.clone();
            Elementwise.tanhOfBiased(fused, bias);
            for (int i = 0; i < z.length; i++) {
                double expected = Elementwise.tanh(z[i] + bias[i % cols]);
                assertThat(Double.doubleToRawLongBits(fused[i])).as("cols %d, element %d", cols, i)
                        .isEqualTo(Double.doubleToRawLongBits(expected));
            }
        }
        Elementwise.tanhOfBiased(new double[0], new double[0]);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Elementwise.tanhOfBiased(new double[5], new double[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tanhOfBiased");
    }
}
