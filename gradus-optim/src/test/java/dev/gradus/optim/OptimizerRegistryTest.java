package dev.gradus.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Specs;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import org.junit.jupiter.api.Test;

class OptimizerRegistryTest {

    @Test
    void aProviderOnTheClassPathAddsItsNamesAfterTheBuiltIns() {
        assertThat(OptimizerRegistry.find("test_only_double")).isPresent();
        assertThat(OptimizerRegistry.all().get(0).name()).isEqualTo("sgd");
        assertThat(OptimizerRegistry.all().get(OptimizerRegistry.all().size() - 1).name()).isEqualTo("test_only_double");
        assertThat(OptimizerRegistry.ofKind(Descriptor.Kind.TRANSFORM)).extracting(Descriptor::name)
                .contains("clip_by_global_norm", "test_only_double");
    }

    @Test
    void itsTransformComposesInSpecs() {
        GradientTransformation t = Specs.transformation("chain(test_only_double(), sgd(lr=0.5))");
        TensorMap p = TensorMap.of("w", Tensor.vector(1.0));
        t.step(p, TensorMap.of("w", Tensor.vector(1.0)), t.init(p));
        assertThat(p.get("w").item()).isEqualTo(0.0);
        assertThat(Specs.print(t)).isEqualTo("chain(test_only_double(enabled=true), sgd(lr=0.5, momentum=0.0, "
                + "dampening=0.0, weight_decay=0.0, nesterov=false))");
    }
}
