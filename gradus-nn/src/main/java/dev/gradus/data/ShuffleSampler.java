package dev.gradus.data;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;

/**
 * {@code shuffle(batch_size=32, drop_last=false)}: epoch {@code e} visits the data in the order
 * {@code stream.fork("epoch " + e).permutation(n)}, in batches of {@code batch_size}, the last one partial unless
 * dropped. What PyTorch's {@code DataLoader(shuffle=True)} does, but reproducible per epoch without a position.
 */
public final class ShuffleSampler extends Configured<ShuffleSampler> implements SamplerSpec {

    /** Spec: {@code shuffle(batch_size=32, drop_last=false)}. */
    public static final Descriptor<ShuffleSampler> SPEC = Descriptor.component("shuffle", "sampler", ShuffleSampler::new)
            .summary("a fresh seeded permutation each epoch, in fixed-size batches")
            .reference("torch.utils.data.DataLoader(shuffle=True)")
            .param(Param.integer("batch_size", 32L, "samples per batch").range(Range.atLeast(1)))
            .param(Param.flag("drop_last", false, "drop the last partial batch of each epoch"))
            .build();

    /** From validated settings; parse {@code shuffle(...)} with {@link SamplerSpec#SAMPLERS}. */
    public ShuffleSampler(Hyperparams hp) {
        super(hp);
    }

    /** {@code shuffle(batch_size, drop_last)}. */
    public static ShuffleSampler of(int batchSize, boolean dropLast) {
        return (ShuffleSampler) SPEC.defaults().with("batch_size", (long) batchSize).with("drop_last", dropLast).create();
    }

    @Override
    public Sampler bind(int size, RandomStream stream) {
        return new PermutationSampler(size, Math.toIntExact(hp.integer("batch_size")), hp.flag("drop_last"),
                stream.state(), toString());
    }
}
