package dev.gradus.data;

import dev.gradus.tensor.RandomStream;
import java.util.Arrays;

/**
 * Fixed-size batches over one permutation of the data per epoch: the shared mechanics of {@link ShuffleSampler}
 * (a seeded permutation) and {@link SequentialSampler} (the identity). The epoch's permutation is computed once
 * and kept while batches of that epoch are asked for.
 */
final class PermutationSampler implements Sampler {
    private final int size;
    private final int batchSize;
    private final boolean dropLast;
    private final long[] shuffleState;
    private final String spec;
    private int cachedEpoch = -1;
    private int[] cachedOrder;

    /** Shuffled from {@code shuffleState} when it is not null, else in data set order. */
    PermutationSampler(int size, int batchSize, boolean dropLast, long[] shuffleState, String spec) {
        if (batchSize <= 0) {
            throw new DataException("sampler: the batch size must be positive, got " + batchSize);
        }
        this.size = size;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.shuffleState = shuffleState == null ? null : shuffleState.clone();
        this.spec = spec;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int batchesPerEpoch() {
        return dropLast ? size / batchSize : (size + batchSize - 1) / batchSize;
    }

    /** The batch size. */
    int batchSize() {
        return batchSize;
    }

    /** True when the last partial batch is dropped. */
    boolean dropsLast() {
        return dropLast;
    }

    /** The starting state of the shuffle stream, or null in data set order. */
    long[] shuffleState() {
        return shuffleState == null ? null : shuffleState.clone();
    }

    /**
     * The sample order of epoch {@code epoch}: {@code stream.fork("epoch " + epoch).permutation(n)} from the
     * shuffle state, or the identity.
     */
    int[] order(int epoch) {
        if (epoch < 0) {
            throw new DataException("sampler: the epoch must be non-negative, got " + epoch);
        }
        if (shuffleState == null) {
            int[] id = new int[size];
            for (int i = 0; i < size; i++) {
                id[i] = i;
            }
            return id;
        }
        return RandomStream.fromState(shuffleState).fork("epoch " + epoch).permutation(size);
    }

    @Override
    public synchronized int[] batch(int epoch, int index) {
        int count = batchesPerEpoch();
        if (index < 0 || index >= count) {
            throw new DataException("sampler: batch " + index + " is out of range; an epoch has " + count + " batches");
        }
        if (epoch != cachedEpoch) {
            cachedOrder = order(epoch);
            cachedEpoch = epoch;
        }
        int from = index * batchSize;
        return Arrays.copyOfRange(cachedOrder, from, Math.min(from + batchSize, size));
    }

    @Override
    public String describe() {
        return spec + (shuffleState == null ? "" : " stream=" + Arrays.toString(shuffleState));
    }
}
