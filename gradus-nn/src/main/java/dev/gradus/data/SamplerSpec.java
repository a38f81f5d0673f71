package dev.gradus.data;

import dev.gradus.optim.spec.SpecFamily;
import dev.gradus.tensor.RandomStream;

/**
 * How to sample mini-batches, written in the spec language, such as {@code shuffle(batch_size=32)} or
 * {@code poisson(rate=0.01)}: the components of the {@code sampler} family ({@link #SAMPLERS}), bound to a data
 * set by {@link #bind}.
 *
 * <ul>
 *   <li>{@link ShuffleSampler shuffle}: a fresh permutation each epoch, in batches of a fixed size;</li>
 *   <li>{@link SequentialSampler sequential}: data set order;</li>
 *   <li>{@link PoissonSampler poisson}: each example joins a batch independently with probability {@code rate},
 *       so batch sizes vary and may be 0 (what differentially private accounting assumes);</li>
 *   <li>{@link ShardSampler shard}: worker {@code index} of {@code count} sees only its shard of the data, sampled
 *       by an inner sampler (data-parallel training).</li>
 * </ul>
 * A module adds its own sampler by registering a component of family {@code sampler}.
 */
public interface SamplerSpec {

    /** The family of samplers. */
    SpecFamily<SamplerSpec> SAMPLERS = SpecFamily.of("sampler", SamplerSpec.class);

    /**
     * This sampling scheme over a data set of {@code size} examples, its randomness drawn from {@code stream}'s
     * current position (the stream is not advanced; its state becomes part of the sampler).
     *
     * @throws DataException when the scheme cannot sample such a data set (for example no full batch)
     */
    Sampler bind(int size, RandomStream stream);
}
