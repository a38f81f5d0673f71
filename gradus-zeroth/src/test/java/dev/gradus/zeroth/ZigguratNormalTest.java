package dev.gradus.zeroth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import org.junit.jupiter.api.Test;

/** The ziggurat's draws have the moments and tail mass of N(0, 1), and the same stream gives the same bits. */
class ZigguratNormalTest {

    @Test
    void momentsAndTailsAreThoseOfAStandardNormal() {
        RandomStream rng = RandomStream.of(11);
        int n = 2_000_000;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        int beyond2 = 0;
        int beyondR = 0;
        for (int i = 0; i < n; i++) {
            double z = ZigguratNormal.next(rng);
            s1 += z;
            s2 += z * z;
            s3 += z * z * z;
            s4 += z * z * z * z;
            beyond2 += Math.abs(z) > 2 ? 1 : 0;
            beyondR += Math.abs(z) > 3.442619855899 ? 1 : 0;
        }
        // Standard errors at n = 2e6: mean 7e-4, variance 1e-3, third moment 2e-3, fourth 7e-3.
        assertThat(s1 / n).isCloseTo(0, within(4e-3));
        assertThat(s2 / n).isCloseTo(1, within(5e-3));
        assertThat(s3 / n).isCloseTo(0, within(1e-2));
        assertThat(s4 / n).isCloseTo(3, within(4e-2));
        // P(|Z| > 2) = 0.0455003; P(|Z| > R) = 5.76e-4 (the tail branch).
        assertThat((double) beyond2 / n).isCloseTo(0.0455003, within(6e-4));
        assertThat((double) beyondR / n).isCloseTo(5.76e-4, within(1e-4));
    }

    @Test
    void theSameStreamGivesTheSameBits() {
        double[] a = new double[1000];
        double[] b = new double[1000];
        ZigguratNormal.fill(RandomStream.of(5), a);
        ZigguratNormal.fill(RandomStream.of(5), b);
        assertThat(b).isEqualTo(a);
    }
}
