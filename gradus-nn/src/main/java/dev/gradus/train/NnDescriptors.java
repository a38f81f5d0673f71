package dev.gradus.train;

import dev.gradus.data.PoissonSampler;
import dev.gradus.data.SequentialSampler;
import dev.gradus.data.ShardSampler;
import dev.gradus.data.ShuffleSampler;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.DescriptorProvider;
import java.util.List;

/**
 * gradus-nn's components for the spec language: the built-in model architectures ({@link ModelFactory#MODELS})
 * and samplers ({@link dev.gradus.data.SamplerSpec#SAMPLERS}).
 */
public final class NnDescriptors implements DescriptorProvider {

    /** The provider ServiceLoader creates. */
    public NnDescriptors() {}

    @Override
    public List<Descriptor<?>> descriptors() {
        return List.of(LogisticModel.SPEC, MlpModel.SPEC, CnnModel.SPEC, ShuffleSampler.SPEC, SequentialSampler.SPEC,
                PoissonSampler.SPEC, ShardSampler.SPEC);
    }
}
