package dev.gradus.rl.env;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.RandomStream;
import org.junit.jupiter.api.Test;

class SmallAngleTest {
    @Test
    void equalsStrictMathBitForBit() {
        RandomStream r = RandomStream.of(1);
        double[] special = {0.0, -0.0, 1e-300, -1e-9, 0.29999, 0.3, 0.5, 0.78125, Math.PI / 4, -Math.PI / 4, 0.7853982,
            1.0, -2.5, 3.0e5, Double.NaN};
        for (double x : special) {
            check(x);
        }
        for (int i = 0; i < 200_000; i++) {
            check(r.uniform(-1.0, 1.0));
            check(r.uniform(-1e-6, 1e-6));
        }
    }

    private static void check(double x) {
        assertThat(Double.doubleToRawLongBits(SmallAngle.sin(x))).as("sin(%s)", x)
                .isEqualTo(Double.doubleToRawLongBits(StrictMath.sin(x)));
        assertThat(Double.doubleToRawLongBits(SmallAngle.cos(x))).as("cos(%s)", x)
                .isEqualTo(Double.doubleToRawLongBits(StrictMath.cos(x)));
    }
}
