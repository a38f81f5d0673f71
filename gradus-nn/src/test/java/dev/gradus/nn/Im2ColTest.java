package dev.gradus.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import org.junit.jupiter.api.Test;

class Im2ColTest {

    private static double[] random(RandomStream rng, int n) {
        double[] d = new double[n];
        rng.fillNormal(d);
        return d;
    }

    @Test
    void matchesTheDefinitionEntryByEntry() {
        Im2Col g = new Im2Col(2, 5, 4, 3, 2, 2, 1, 1, 1);
        assertThat(g.outH()).isEqualTo(3);
        assertThat(g.outW()).isEqualTo(5);
        int n = 2;
        double[] x = random(RandomStream.of(1), n * 2 * 5 * 4);
        double[] cols = new double[n * g.rows() * g.cols()];
        g.im2col(x, n, cols);
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 2; j++) {
                        for (int y = 0; y < 3; y++) {
                            for (int z = 0; z < 5; z++) {
                                int iy = y * 2 - 1 + i;
                                int ix = z - 1 + j;
                                double want = iy >= 0 && iy < 5 && ix >= 0 && ix < 4
                                        ? x[((b * 2 + c) * 5 + iy) * 4 + ix] : 0.0;
                                int row = (c * 3 + i) * 2 + j;
                                assertThat(cols[(b * g.rows() + row) * g.cols() + y * 5 + z]).isEqualTo(want);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void col2imIsTheAdjointOfIm2col() {
        Im2Col g = new Im2Col(3, 6, 7, 3, 3, 2, 2, 1, 0);
        int n = 2;
        RandomStream rng = RandomStream.of(2);
        double[] x = random(rng, n * 3 * 6 * 7);
        double[] u = random(rng, n * g.rows() * g.cols());
        double[] ax = new double[u.length];
        g.im2col(x, n, ax);
        double[] atu = new double[x.length];
        g.col2im(u, n, atu);
        double lhs = 0;
        double rhs = 0;
        for (int i = 0; i < u.length; i++) {
            lhs += ax[i] * u[i];
        }
        for (int i = 0; i < x.length; i++) {
            rhs += x[i] * atu[i];
        }
        assertThat(lhs).isCloseTo(rhs, within(1e-10));
    }

    @Test
    void rejectsAKernelLargerThanThePaddedInput() {
        assertThatThrownBy(() -> new Im2Col(1, 2, 2, 5, 5, 1, 1, 1, 1))
                .hasMessageContaining("kernel 5x5 is larger than the padded input 4x4");
    }
}
