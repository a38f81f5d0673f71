package dev.gradus.optim;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.DescriptorProvider;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.tensor.TensorMap;
import java.util.List;

/** A provider that exists only on the test class path, as a new module's would: proves the registry is open. */
public final class TestOnlyDescriptors implements DescriptorProvider {

    /** {@code test_only_double()}: multiplies the updates by 2. */
    public static final class Double extends Configurable<Double> {
        /** Its descriptor. */
        public static final Descriptor<Double> SPEC = Descriptor
                .builder("test_only_double", Descriptor.Kind.TRANSFORM, Double::new)
                .summary("doubles the updates (registered by a test-only provider)")
                .reference("none")
                .param(Param.flag("enabled", true, "whether to double"))
                .build();

        /** From hyperparameters. */
        public Double(Hyperparams hp) {
            super(hp);
        }

        @Override
        public OptState init(TensorMap params) {
            return new OptState() {};
        }

        @Override
        public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
            if (hp.flag("enabled")) {
                dev.gradus.tensor.Trees.scale(2.0, updates);
            }
        }
    }

    @Override
    public List<Descriptor<?>> descriptors() {
        return List.of(Double.SPEC);
    }
}
