package dev.gradus.train;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.DescriptorProvider;
import java.util.List;

/** gradus-nn's components for the spec language: the built-in model architectures of {@link ModelFactory#MODELS}. */
public final class NnDescriptors implements DescriptorProvider {

    /** The provider ServiceLoader creates. */
    public NnDescriptors() {}

    @Override
    public List<Descriptor<?>> descriptors() {
        return List.of(LogisticModel.SPEC, MlpModel.SPEC, CnnModel.SPEC);
    }
}
