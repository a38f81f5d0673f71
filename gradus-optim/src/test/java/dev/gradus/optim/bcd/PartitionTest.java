package dev.gradus.optim.bcd;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionTest {

    private static final double[] L = {5, 1, 4, 2, 6, 3};

    @Test
    void orderSortAndAvgCutAsTheReferenceDoes() {
        assertThat(Partition.ORDER.blocks(L, 2)).isDeepEqualTo(new int[][] {{0, 1}, {2, 3}, {4, 5}});
        // Ascending L: 1(1) 2(3) 3(5) 4(2) 5(0) 6(4).
        assertThat(Partition.SORT.blocks(L, 2)).isDeepEqualTo(new int[][] {{1, 3}, {5, 2}, {0, 4}});
        // Interleaved smallest, largest, ...: 1, 4, 3, 0, 5, 2.
        assertThat(Partition.AVG.blocks(L, 2)).isDeepEqualTo(new int[][] {{1, 4}, {3, 0}, {5, 2}});
    }

    @Test
    void aShortLastBlockWhenTheSizeDoesNotDivide() {
        assertThat(Partition.ORDER.blocks(L, 4)).isDeepEqualTo(new int[][] {{0, 1, 2, 3}, {4, 5}});
        assertThatThrownBy(() -> Partition.SORT.blocks(L, 7)).hasMessageContaining("block size must be in [1, 6]");
    }
}
