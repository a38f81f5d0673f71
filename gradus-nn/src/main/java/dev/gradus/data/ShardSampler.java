package dev.gradus.data;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;

/**
 * {@code shard(index=0, count=1, of=shuffle())}: worker {@code index} of {@code count} sees only the examples
 * {@code j} with {@code j mod count == index} (round-robin, so shards differ in size by at most one and classes
 * stay mixed when the data is), sampled by the inner sampler {@code of}, whose randomness is forked per shard
 * ({@code "shard index"}). Together the shards cover the data set exactly once: what
 * {@code torch.utils.data.DistributedSampler} does, without its padding.
 */
public final class ShardSampler extends Configured<ShardSampler> implements SamplerSpec {

    /** Spec: {@code shard(index=0, count=1, of=shuffle(...))}. */
    public static final Descriptor<ShardSampler> SPEC = Descriptor.component("shard", "sampler", ShardSampler::new)
            .summary("worker index of count sees the examples j with j mod count == index, sampled by 'of'")
            .reference("torch.utils.data.DistributedSampler")
            .param(Param.integer("index", 0L, "this worker's shard, from 0").range(Range.atLeast(0)))
            .param(Param.integer("count", 1L, "the number of shards").range(Range.atLeast(1)))
            .param(Param.component("of", "sampler", "shuffle()", "how the shard is sampled"))
            .build();

    /** From validated settings; parse {@code shard(...)} with {@link SamplerSpec#SAMPLERS}. */
    public ShardSampler(Hyperparams hp) {
        super(hp);
        if (hp.integer("index") >= hp.integer("count")) {
            throw new IllegalArgumentException("shard: index=" + hp.integer("index") + " must be below count="
                    + hp.integer("count"));
        }
    }

    /** Shard {@code index} of {@code count}, sampled by {@code of}. */
    public static ShardSampler of(int index, int count, SamplerSpec of) {
        return (ShardSampler) SPEC.defaults().with("index", (long) index).with("count", (long) count).with("of", of)
                .create();
    }

    @Override
    public Sampler bind(int size, RandomStream stream) {
        int index = Math.toIntExact(hp.integer("index"));
        int count = Math.toIntExact(hp.integer("count"));
        int shardSize = size <= index ? 0 : (size - index + count - 1) / count;
        Sampler inner = ((SamplerSpec) hp.get("of")).bind(shardSize, stream.fork("shard " + index));
        String spec = toString();
        return new Sampler() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public int batchesPerEpoch() {
                return inner.batchesPerEpoch();
            }

            @Override
            public int[] batch(int epoch, int b) {
                int[] local = inner.batch(epoch, b);
                int[] global = new int[local.length];
                for (int i = 0; i < local.length; i++) {
                    global[i] = index + local[i] * count;
                }
                return global;
            }

            @Override
            public String describe() {
                return spec + " of " + inner.describe();
            }
        };
    }
}
