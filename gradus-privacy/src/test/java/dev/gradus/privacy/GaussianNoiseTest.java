package dev.gradus.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.RandomStream;
import org.junit.jupiter.api.Test;

class GaussianNoiseTest {

    @Test
    void drawsStandardNormalsScaledAndAddedAndTheSameBitsForTheSameSeed() {
        int n = 400_001; // odd: the last draw uses half a pair
        double[] a = new double[n];
        GaussianNoise.addScaled(a, 1, 1, RandomStream.of(3));
        double mean = 0;
        double sq = 0;
        double fourth = 0;
        int beyond2 = 0;
        for (double z : a) {
            mean += z / n;
            sq += z * z / n;
            fourth += z * z * z * z / n;
            beyond2 += Math.abs(z) > 2 ? 1 : 0;
        }
        // 5-sigma bands of the sample moments of N(0, 1) at this n
        assertThat(mean).isBetween(-5 / Math.sqrt(n), 5 / Math.sqrt(n));
        assertThat(sq).isBetween(1 - 5 * Math.sqrt(2.0 / n), 1 + 5 * Math.sqrt(2.0 / n));
        assertThat(fourth).isBetween(3 - 5 * Math.sqrt(96.0 / n), 3 + 5 * Math.sqrt(96.0 / n));
        assertThat((double) beyond2 / n).isBetween(0.0455 - 0.002, 0.0455 + 0.002);

        double[] b = new double[n];
        GaussianNoise.addScaled(b, 1, 1, RandomStream.of(3));
        assertThat(b).isEqualTo(a);
        double[] c = {1, 2, 3};
        double[] z = new double[3];
        GaussianNoise.addScaled(c, 2, 0.5, RandomStream.of(8));
        GaussianNoise.addScaled(z, 1, 1, RandomStream.of(8));
        for (int i = 0; i < 3; i++) {
            assertThat(c[i]).isEqualTo((i + 1 + 2 * z[i]) * 0.5);
        }
    }
}
