package dev.gradus.data;

/**
 * Which samples form each mini-batch of a data set of a fixed size: a pure function of the epoch and the batch
 * index (and the sampler's seed), so that any batch of any epoch can be produced again at any time and a resumed
 * run sees exactly the batches an uninterrupted one would have. A sampler keeps no position; what identifies
 * it (its kind, settings and seed) is {@link #describe()}, which a checkpoint records.
 *
 * <p>Samplers are made from a {@link SamplerSpec} bound to a data set's size and a random stream:
 * {@code SamplerSpec.SAMPLERS.parse("poisson(rate=0.01)").bind(n, stream)}.
 */
public interface Sampler {

    /** The size of the data set the indices refer to. */
    int size();

    /** The number of batches in each epoch. */
    int batchesPerEpoch();

    /**
     * The indices (into the data set) of batch {@code index} of epoch {@code epoch}, in batch order. May be empty
     * (a Poisson batch can be).
     */
    int[] batch(int epoch, int index);

    /** The kind, settings and seed state, e.g. {@code poisson(rate=0.01, batches=100) stream=[..]}. */
    String describe();
}
