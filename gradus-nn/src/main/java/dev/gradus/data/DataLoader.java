package dev.gradus.data;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * Mini-batches over a {@link Dataset}, chosen by a {@link Sampler}: in order or shuffled by seed in fixed-size
 * batches (with or without the last partial batch), or by any sampler ({@code poisson}, {@code shard}, see
 * {@link SamplerSpec}).
 *
 * <p>A loader is immutable and has no position: batch {@code b} of epoch {@code e} is a pure function of the
 * sampler's seed, {@code e} and {@code b} (for shuffling, the order {@link #order(int)}), so the batches of any
 * epoch, from any batch on, can be produced again at any time. A trainer that saved {@code (epoch, batch index)} in a checkpoint
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
    private final Sampler sampler;

    private DataLoader(Dataset dataset, Sampler sampler) {
        this.dataset = dataset;
        this.sampler = sampler;
    }

    /** Batches of {@code batchSize} samples in data set order, keeping the last partial batch. */
    public static DataLoader of(Dataset dataset, int batchSize) {
        Objects.requireNonNull(dataset, "dataset");
        if (batchSize <= 0) {
            throw new DataException("DataLoader: the batch size must be positive, got " + batchSize);
        }
        return new DataLoader(dataset, new PermutationSampler(dataset.size(), batchSize, false, null,
                SequentialSampler.of(batchSize, false).toString()));
    }

    /**
     * Batches chosen by {@code sampler} (bound to this data set's size), such as a Poisson or a shard sampler:
     * {@code DataLoader.of(train, SamplerSpec.SAMPLERS.parse("poisson(rate=0.01)").bind(train.size(), stream))}.
     */
    public static DataLoader of(Dataset dataset, Sampler sampler) {
        Objects.requireNonNull(dataset, "dataset");
        if (sampler.size() != dataset.size()) {
            throw new DataException("DataLoader: the sampler is bound to " + sampler.size() + " samples but "
                    + dataset.name() + " has " + dataset.size());
        }
        return new DataLoader(dataset, sampler);
    }

    private PermutationSampler fixed(String what) {
        if (sampler instanceof PermutationSampler p) {
            return p;
        }
        throw new IllegalStateException("DataLoader." + what + ": only a loader of fixed-size batches has it; this one"
                + " samples by " + sampler.describe());
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
        PermutationSampler p = fixed("shuffle");
        return new DataLoader(dataset, ShuffleSampler.of(p.batchSize(), p.dropsLast()).bind(dataset.size(), stream));
    }

    /** This loader without shuffling. */
    public DataLoader inOrder() {
        PermutationSampler p = fixed("inOrder");
        return new DataLoader(dataset, SequentialSampler.of(p.batchSize(), p.dropsLast()).bind(dataset.size(), null));
    }

    /** This loader, dropping (or keeping) the last batch of each epoch when it is smaller than the batch size. */
    public DataLoader dropLast(boolean drop) {
        PermutationSampler p = fixed("dropLast");
        long[] state = p.shuffleState();
        String spec = (state == null ? SequentialSampler.of(p.batchSize(), drop).toString()
                : ShuffleSampler.of(p.batchSize(), drop).toString());
        return new DataLoader(dataset, new PermutationSampler(dataset.size(), p.batchSize(), drop, state, spec));
    }

    /** The data set. */
    public Dataset dataset() {
        return dataset;
    }

    /** The sampler that chooses each batch. */
    public Sampler sampler() {
        return sampler;
    }

    /** The batch size of a loader of fixed-size batches. */
    public int batchSize() {
        return fixed("batchSize").batchSize();
    }

    /** True when the last partial batch is dropped (a loader of fixed-size batches). */
    public boolean dropsLast() {
        return fixed("dropsLast").dropsLast();
    }

    /** The starting state of the shuffle stream ({@link RandomStream#fromState}), empty when not shuffled. */
    public Optional<long[]> shuffleState() {
        return sampler instanceof PermutationSampler p ? Optional.ofNullable(p.shuffleState()) : Optional.empty();
    }

    /** The number of batches in each epoch. */
    public int batchesPerEpoch() {
        return sampler.batchesPerEpoch();
    }

    /** The sample order of epoch {@code epoch}: a permutation of {@code 0..n-1} (the identity when not shuffled). */
    public int[] order(int epoch) {
        if (epoch < 0) {
            throw new DataException("DataLoader: the epoch must be non-negative, got " + epoch);
        }
        return fixed("order").order(epoch);
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
                return make(epoch, next, sampler.batch(epoch, next++));
            }
        };
    }

    /** Batch {@code index} of epoch {@code epoch} alone. */
    public Batch batch(int epoch, int index) {
        Objects.checkIndex(index, batchesPerEpoch());
        return make(epoch, index, sampler.batch(epoch, index));
    }

    private Batch make(int epoch, int index, int[] indices) {
        int b = indices.length;
        int d = dataset.numFeatures();
        double[] x = new double[b * d];
        dataset.gatherFeatures(indices, 0, b, x);
        double[] y = new double[b];
        dataset.copyY(indices, 0, b, y);
        return new Batch(epoch, index, indices, Tensor.of(x, b, d), Tensor.of(y, b), dataset.gatherClasses(indices, 0, b),
                dataset.numClasses(), dataset.sampleShape());
    }

    @Override
    public String toString() {
        return "DataLoader[" + dataset.name() + ", " + sampler.describe() + "]";
    }
}
