package dev.gradus.data;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;

/** {@code sequential(batch_size=32, drop_last=false)}: every epoch in data set order, in fixed-size batches. */
public final class SequentialSampler extends Configured<SequentialSampler> implements SamplerSpec {

    /** Spec: {@code sequential(batch_size=32, drop_last=false)}. */
    public static final Descriptor<SequentialSampler> SPEC = Descriptor
            .component("sequential", "sampler", SequentialSampler::new)
            .summary("data set order, in fixed-size batches")
            .reference("torch.utils.data.SequentialSampler")
            .param(Param.integer("batch_size", 32L, "samples per batch").range(Range.atLeast(1)))
            .param(Param.flag("drop_last", false, "drop the last partial batch of each epoch"))
            .build();

    /** From validated settings; parse {@code sequential(...)} with {@link SamplerSpec#SAMPLERS}. */
    public SequentialSampler(Hyperparams hp) {
        super(hp);
    }

    /** {@code sequential(batch_size, drop_last)}. */
    public static SequentialSampler of(int batchSize, boolean dropLast) {
        return (SequentialSampler) SPEC.defaults().with("batch_size", (long) batchSize).with("drop_last", dropLast)
                .create();
    }

    @Override
    public Sampler bind(int size, RandomStream stream) {
        return new PermutationSampler(size, Math.toIntExact(hp.integer("batch_size")), hp.flag("drop_last"), null,
                toString());
    }
}
