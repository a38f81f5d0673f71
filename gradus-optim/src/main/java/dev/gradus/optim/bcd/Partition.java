package dev.gradus.optim.bcd;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How the coordinates are cut into fixed blocks of a given size, following the reference code's
 * {@code partition_rules.py}. When the block size does not divide the dimension, the last block is shorter.
 */
public enum Partition {

    /** Coordinates in their natural order: {@code {0..s−1}, {s..2s−1}, ...}. */
    ORDER,

    /**
     * Coordinates sorted by {@code L_i} ascending, then cut: each block holds coordinates of similar
     * Lipschitz constant, which is what lets GSL differ from GS.
     */
    SORT,

    /**
     * Coordinates sorted by {@code L_i}, then interleaved smallest, largest, second smallest, second largest, ...
     * and cut, so that each block has about the average Lipschitz constant.
     */
    AVG;

    /**
     * The blocks for the given per-coordinate Lipschitz constants.
     *
     * @throws IllegalArgumentException when the block size is not in {@code [1, n]}
     */
    public int[][] blocks(double[] lipschitz, int blockSize) {
        int n = lipschitz.length;
        if (blockSize < 1 || blockSize > n) {
            throw new IllegalArgumentException("partition " + name() + ": block size must be in [1, " + n
                    + "], got " + blockSize);
        }
        int[] order = switch (this) {
            case ORDER -> IntStream.range(0, n).toArray();
            case SORT -> sortedByLipschitz(lipschitz);
            case AVG -> {
                int[] sorted = sortedByLipschitz(lipschitz);
                int[] inter = new int[n];
                int lo = 0;
                int hi = n - 1;
                for (int p = 0; p < n; p++) {
                    inter[p] = (p % 2 == 0) ? sorted[lo++] : sorted[hi--];
                }
                yield inter;
            }
        };
        int count = (n + blockSize - 1) / blockSize;
        int[][] blocks = new int[count][];
        for (int b = 0; b < count; b++) {
            blocks[b] = Arrays.copyOfRange(order, b * blockSize, Math.min(n, (b + 1) * blockSize));
        }
        return blocks;
    }

    /** A stable ascending sort of the indices by {@code L_i} (ties keep index order: runs are deterministic). */
    private static int[] sortedByLipschitz(double[] l) {
        Integer[] idx = new Integer[l.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingDouble(i -> l[i]));
        int[] out = new int[idx.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
