package dev.gradus.distributed;

import dev.gradus.data.Sampler;
import dev.gradus.data.SamplerSpec;
import dev.gradus.data.ShardSampler;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;

/**
 * {@code workers(count=2, of=shuffle())}: each batch is one batch of every shard {@code shard(i, count, of)},
 * concatenated in worker order, so that the data-parallel step's worker {@code i} gets exactly its shard's
 * batch (a batch of {@code count * batch_size} examples). An epoch has as many batches as the smallest shard.
 */
public final class WorkersSampler extends Configured<WorkersSampler> implements SamplerSpec {

    /** Spec: {@code workers(count=2, of=shuffle())}. */
    public static final Descriptor<WorkersSampler> SPEC = Descriptor.component("workers", "sampler",
                    WorkersSampler::new)
            .summary("one batch of every shard(i, count, of) per step: the data-parallel sampler")
            .reference("torch.utils.data.DistributedSampler, one per rank")
            .param(Param.integer("count", 2L, "the number of workers").range(Range.atLeast(1)))
            .param(Param.component("of", "sampler", "shuffle()", "how each shard is sampled"))
            .build();

    /** From validated settings. */
    public WorkersSampler(Hyperparams hp) {
        super(hp);
    }

    /** {@code count} workers, each shard sampled by {@code of}. */
    public static WorkersSampler of(int count, SamplerSpec of) {
        return (WorkersSampler) SPEC.defaults().with("count", (long) count).with("of", of).create();
    }

    @Override
    public Sampler bind(int size, RandomStream stream) {
        int count = Math.toIntExact(hp.integer("count"));
        SamplerSpec of = (SamplerSpec) hp.get("of");
        Sampler[] shards = new Sampler[count];
        int batches = Integer.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            shards[i] = ShardSampler.of(i, count, of).bind(size, stream);
            batches = Math.min(batches, shards[i].batchesPerEpoch());
        }
        int perEpoch = batches;
        String spec = toString();
        return new Sampler() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public int batchesPerEpoch() {
                return perEpoch;
            }

            @Override
            public int[] batch(int epoch, int index) {
                int[][] parts = new int[count][];
                int total = 0;
                for (int i = 0; i < count; i++) {
                    parts[i] = shards[i].batch(epoch, index);
                    total += parts[i].length;
                }
                int[] out = new int[total];
                int at = 0;
                for (int[] p : parts) {
                    System.arraycopy(p, 0, out, at, p.length);
                    at += p.length;
                }
                return out;
            }

            @Override
            public String describe() {
                return spec + " of " + shards[0].describe();
            }
        };
    }
}
