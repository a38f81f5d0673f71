package dev.gradus.data;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * Mini-batches over a {@link Dataset}, in order or shuffled by seed, with or without the last partial batch.
 *
 * <p>A loader is immutable and has no position: the sample order of epoch {@code e} is a pure function of the
 * shuffle stream's starting state and {@code e} ({@link #order(int)}), so the batches of any epoch, from any
 * batch on, can be produced again at any time. A trainer that saved {@code (epoch, batch index)} in a checkpoint
 * resumes with {@code loader.epoch(epoch, batchIndex)} and sees exactly the batches that an uninterrupted run
 * would have seen. Epoch {@code e} is shuffled by {@code stream.fork("epoch " + e)}, so epochs are independent
 * and skipping ahead costs nothing.
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.of(train, 128).shuffle(seed).dropLast(true);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     for (Batch b : loader.epoch(epoch)) { step(b.x(), b.y()); }
 * }
 * }</pre>
 */
public final class DataLoader {
    private final Dataset dataset;
    private final int batchSize;
    private final long[] shuffleState;
    private final boolean dropLast;

    private DataLoader(Dataset dataset, int batchSize, long[] shuffleState, boolean dropLast) {
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffleState = shuffleState;
        this.dropLast = dropLast;
    }

    /** Batches of {@code batchSize} samples in data set order, keeping the last partial batch. */
    public static DataLoader of(Dataset dataset, int batchSize) {
        Objects.requireNonNull(dataset, "dataset");
        if (batchSize <= 0) {
            throw new DataException("DataLoader: the batch size must be positive, got " + batchSize);
        }
        return new DataLoader(dataset, batchSize, null, false);
    }

    /** This loader, shuffled anew each epoch from {@code seed}. */
    public DataLoader shuffle(long seed) {
        return shuffle(RandomStream.of(seed));
    }

    /**
     * This loader, shuffled anew each epoch from {@code stream}'s current position. The stream is not advanced;
     * the loader keeps a copy of its state ({@link #shuffleState()}).
     */
    public DataLoader shuffle(RandomStream stream) {
        return new DataLoader(dataset, batchSize, stream.state(), dropLast);
    }

    /** This loader without shuffling. */
    public DataLoader inOrder() {
        return new DataLoader(dataset, batchSize, null, dropLast);
    }

    /** This loader, dropping (or keeping) the last batch of each epoch when it is smaller than the batch size. */
    public DataLoader dropLast(boolean drop) {
        return new DataLoader(dataset, batchSize, shuffleState, drop);
    }

    /** The data set. */
    public Dataset dataset() {
        return dataset;
    }

    /** The batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** True when the last partial batch is dropped. */
    public boolean dropsLast() {
        return dropLast;
    }

    /** The starting state of the shuffle stream ({@link RandomStream#fromState}), empty when not shuffled. */
    public Optional<long[]> shuffleState() {
        return shuffleState == null ? Optional.empty() : Optional.of(shuffleState.clone());
    }

    /** The number of batches in each epoch. */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The sample order of epoch {@code epoch}: a permutation of {@code 0..n-1} (the identity when not shuffled). */
    public int[] order(int epoch) {
        if (epoch < 0) {
            throw new DataException("DataLoader: the epoch must be non-negative, got " + epoch);
        }
        int n = dataset.size();
        if (shuffleState == null) {
            int[] id = new int[n];
            for (int i = 0; i < n; i++) {
                id[i] = i;
            }
            return id;
        }
        return RandomStream.fromState(shuffleState).fork("epoch " + epoch).permutation(n);
    }

    /** The batches of epoch {@code epoch}. */
    public Iterable<Batch> epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /** The batches of epoch {@code epoch} from batch {@code fromBatch} on: how a resumed run continues. */
    public Iterable<Batch> epoch(int epoch, int fromBatch) {
        int count = batchesPerEpoch();
        if (fromBatch < 0 || fromBatch > count) {
            throw new DataException("DataLoader: batch " + fromBatch + " is out of range; an epoch has " + count
                    + " batches");
        }
        return () -> new Iterator<>() {
            private final int[] order = order(epoch);
            private int next = fromBatch;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Batch next() {
                if (next >= count) {
                    throw new NoSuchElementException();
                }
                return make(epoch, next++, order);
            }
        };
    }

    /** Batch {@code index} of epoch {@code epoch} alone (recomputes the epoch's order; iterate for many). */
    public Batch batch(int epoch, int index) {
        Objects.checkIndex(index, batchesPerEpoch());
        return make(epoch, index, order(epoch));
    }

    private Batch make(int epoch, int index, int[] order) {
        int from = index * batchSize;
        int to = Math.min(from + batchSize, order.length);
        int b = to - from;
        int d = dataset.numFeatures();
        double[] x = new double[b * d];
        dataset.gatherFeatures(order, from, to, x);
        double[] y = new double[b];
        dataset.copyY(order, from, to, y);
        int[] indices = new int[b];
        System.arraycopy(order, from, indices, 0, b);
        return new Batch(epoch, index, indices, Tensor.of(x, b, d), Tensor.of(y, b), dataset.gatherClasses(order, from, to),
                dataset.numClasses(), dataset.sampleShape());
    }

    @Override
    public String toString() {
        return "DataLoader[" + dataset.name() + ", batch " + batchSize + (shuffleState != null ? ", shuffled" : "")
                + (dropLast ? ", drop last" : "") + "]";
    }
}
