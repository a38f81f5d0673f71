package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Sequential fuses each Linear layer with the ReLU, Tanh or Sigmoid after it; the network must compute the
 * same loss and gradients, bit for bit, as the same layers run one by one.
 */
class SequentialFusionTest {

    /** The layers of {@code net} applied one at a time, as an unfused Sequential would. */
    private static Var layerByLayer(Sequential net, Var x) {
        for (Module m : net.layers()) {
            x = m.forward(x);
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "TANH", "SIGMOID", "GELU"})
    void fusedNetworkEqualsLayerByLayerBitForBit(Activation act) {
        Sequential net = Mlp.builder(7).hidden(13, 5).outputs(3).activation(act).build(RandomStream.of(2));
        Tensor x = Tensor.randn(RandomStream.of(3), 11, 7);
        Tensor labels = Tensor.vector(0, 1, 2, 2, 1, 0, 0, 1, 2, 1, 0);
        CrossEntropyLoss loss = new CrossEntropyLoss();

        Var fused = loss.apply(net.forward(Var.constant(x)), labels);
        TensorMap fusedGrads = net.gradients(fused);
        Var ref = loss.apply(layerByLayer(net, Var.constant(x)), labels);
        TensorMap refGrads = net.gradients(ref);

        assertThat(fused.item()).isEqualTo(ref.item());
        assertThat(fusedGrads.names()).containsExactlyElementsOf(refGrads.names());
        for (String name : refGrads.names()) {
            assertThat(fusedGrads.get(name).data()).as(name).isEqualTo(refGrads.get(name).data());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "TANH", "SIGMOID"})
    void aLinearLayerAndItsActivationAreOneNode(Activation act) {
        Sequential net = new Sequential(List.of(new Linear(4, 3, RandomStream.of(1)), act.create()));
        Var y = net.forward(Var.constant(Tensor.ones(2, 4)));
        assertThat(y.opName()).startsWith("affine_");
        assertThat(y.inputs().get(0).isLeaf()).isTrue();
    }
}
