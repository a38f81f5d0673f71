package dev.gradus.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Im2ColTest {

    @Test
    void indexMapMatchesTheDefinitionEntryByEntry() {
        Im2Col g = new Im2Col(2, 5, 4, 3, 2, 2, 1, 1, 1);
        assertThat(g.outH()).isEqualTo(3);
        assertThat(g.outW()).isEqualTo(5);
        int[] map = g.indexMap();
        assertThat(map).hasSize(g.rows() * g.cols());
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 2; j++) {
                    for (int y = 0; y < 3; y++) {
                        for (int z = 0; z < 5; z++) {
                            int iy = y * 2 - 1 + i;
                            int ix = z - 1 + j;
                            int want = iy >= 0 && iy < 5 && ix >= 0 && ix < 4 ? (c * 5 + iy) * 4 + ix : 2 * 5 * 4;
                            int row = (c * 3 + i) * 2 + j;
                            assertThat(map[row * g.cols() + y * 5 + z]).isEqualTo(want);
                        }
                    }
                }
            }
        }
    }

    @Test
    void rejectsAKernelLargerThanThePaddedInput() {
        assertThatThrownBy(() -> new Im2Col(1, 2, 2, 5, 5, 1, 1, 1, 1))
                .hasMessageContaining("kernel 5x5 is larger than the padded input 4x4");
    }
}
