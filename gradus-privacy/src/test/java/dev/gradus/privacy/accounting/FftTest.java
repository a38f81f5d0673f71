package dev.gradus.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The radix-2 FFTs against the naive DFT, and their inverses. */
class FftTest {
    @Test
    void complexAndRealTransformsMatchTheNaiveDftAndInvert() {
        for (int n : new int[] {4, 8, 64, 256}) {
            Random r = new Random(n);
            double[] x = new double[n];
            for (int j = 0; j < n; j++) {
                x[j] = r.nextDouble() - 0.3;
            }
            double[] cr = x.clone();
            double[] ci = new double[n];
            new Fft(n).forward(cr, ci);
            double[] rr = new double[n / 2 + 1];
            double[] ri = new double[n / 2 + 1];
            RealFft real = new RealFft(n);
            real.forward(x, rr, ri);
            for (int k = 0; k < n; k++) {
                double sr = 0;
                double si = 0;
                for (int j = 0; j < n; j++) {
                    sr += x[j] * Math.cos(-2 * Math.PI * j * k / n);
                    si += x[j] * Math.sin(-2 * Math.PI * j * k / n);
                }
                assertThat(cr[k]).as("n=%d k=%d re", n, k).isCloseTo(sr, within(1e-12));
                assertThat(ci[k]).as("n=%d k=%d im", n, k).isCloseTo(si, within(1e-12));
                if (k <= n / 2) {
                    assertThat(rr[k]).as("real n=%d k=%d re", n, k).isCloseTo(sr, within(1e-12));
                    assertThat(ri[k]).as("real n=%d k=%d im", n, k).isCloseTo(si, within(1e-12));
                }
            }
            double[] back = real.inverse(rr, ri);
            new Fft(n).inverse(cr, ci);
            for (int j = 0; j < n; j++) {
                assertThat(back[j]).isCloseTo(x[j], within(1e-13));
                assertThat(cr[j]).isCloseTo(x[j], within(1e-13));
            }
        }
        assertThatThrownBy(() -> new Fft(12)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> new RealFft(2)).hasMessageContaining("at least 4");
    }
}
