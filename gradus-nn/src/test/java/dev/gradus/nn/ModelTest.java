package dev.gradus.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Building models, their names, counts and summaries, and the gradient/functional-call plumbing. */
class ModelTest {

    @Test
    void mlpNamesAndCountsMatchPyTorchsSequential() {
        Sequential net = Mlp.builder(784).hidden(256, 256).outputs(10).build(RandomStream.of(0));
        assertThat(net.namedParameters().names())
                .containsExactly("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias");
        assertThat(net.namedParameters().get("0.weight").shape()).containsExactly(256, 784);
        assertThat(net.parameterCount()).isEqualTo(784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10);
        assertThat(net.toString()).isEqualTo("""
                Sequential(
                  (0): Linear(in_features=784, out_features=256, bias=True)
                  (1): ReLU()
                  (2): Linear(in_features=256, out_features=256, bias=True)
                  (3): ReLU()
                  (4): Linear(in_features=256, out_features=10, bias=True)
                )""");
    }

    @Test
    void batchNormMlpHasBuffersInItsStateDict() {
        Sequential net = Mlp.builder(5).hidden(4).outputs(3).batchNorm(true).dropout(0.2).build(RandomStream.of(0));
        assertThat(net.stateDict().names()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias",
                "1.running_mean", "1.running_var", "1.num_batches_tracked", "4.weight", "4.bias");
        assertThat(net.parameterCount()).isEqualTo(5 * 4 + 4 + 4 + 4 + 4 * 3 + 3);
        assertThat(net.get(3)).isInstanceOf(Dropout.class);
        assertThat(net.get(1).toString())
                .isEqualTo("BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)");
        assertThat(net.get(3).toString()).isEqualTo("Dropout(p=0.2, inplace=False)");
        assertThat(new LayerNorm(3).toString()).isEqualTo("LayerNorm((3,), eps=1e-05, elementwise_affine=True)");
        assertThat(Module.pythonRepr(1.0)).isEqualTo("1.0");
        assertThat(Module.pythonRepr(-2.5e-7)).isEqualTo("-2.5e-07");
        assertThat(Module.pythonRepr(1e16)).isEqualTo("1e+16");
        assertThat(Module.pythonRepr(0.0001)).isEqualTo("0.0001");
        assertThat(net.summary()).contains("1.running_mean (buffer)").contains("trainable parameters: 47");
    }

    @Test
    void linearInitIsPyTorchsDefaultAndDeterministic() {
        Linear a = new Linear(50, 20, RandomStream.of(7));
        Linear b = new Linear(50, 20, RandomStream.of(7));
        assertThat(a.weight().value().data()).isEqualTo(b.weight().value().data());
        RandomStream replay = RandomStream.of(7);
        double bound = 1 / Math.sqrt(50);
        assertThat(a.weight().value().get(0, 0)).isEqualTo(replay.uniform(-bound, bound));
        for (double v : a.weight().value().data()) {
            assertThat(Math.abs(v)).isLessThan(bound);
        }
        for (double v : a.bias().value().data()) {
            assertThat(Math.abs(v)).isLessThan(bound);
        }
    }

    @Test
    void gradientsByNameEqualAccumulatedBackward() {
        Sequential net = Mlp.builder(3).hidden(4).outputs(2).activation(Activation.TANH).build(RandomStream.of(1));
        Tensor x = Tensor.randn(RandomStream.of(2), 5, 3);
        Tensor y = Tensor.vector(0, 1, 1, 0, 1);
        Var loss = new CrossEntropyLoss().apply(net.forward(x), y);
        TensorMap grads = net.gradients(loss);
        assertThat(grads.names()).containsExactlyElementsOf(net.namedParameters().names());
        loss.backward();
        net.namedParameterNodes().forEach((name, leaf) ->
                assertThat(grads.get(name).data()).containsExactly(leaf.grad().data(), within(1e-15)));
        assertThat(net.parameterNodes()).containsExactlyElementsOf(net.namedParameterNodes().values());
        Autodiff.zeroGrad(net.parameterNodes());
    }

    @Test
    void anInPlaceUpdateOfNamedParametersChangesTheNextForward() {
        Linear lin = new Linear(2, 1, RandomStream.of(0));
        Tensor x = Tensor.of(new double[] {1, 2}, 1, 2);
        TensorMap params = lin.namedParameters();
        params.get("weight").data()[0] = 3;
        params.get("weight").data()[1] = -1;
        params.get("bias").data()[0] = 0.5;
        assertThat(lin.forward(x).item()).isEqualTo(3 - 2 + 0.5);
    }

    @Test
    void functionalCallEvaluatesAtOtherParametersWithoutTouchingTheModel() {
        Linear lin = new Linear(2, 1, RandomStream.of(0));
        Tensor before = lin.weight().value().copy();
        Var w = Var.param(Tensor.of(new double[] {1, 1}, 1, 2));
        Tensor x = Tensor.of(new double[] {2, 3}, 1, 2);
        Var out = lin.call(Map.of("weight", w), Var.constant(x));
        assertThat(out.item()).isEqualTo(5 + lin.bias().value().item());
        assertThat(Autodiff.grad(out, java.util.List.of(w)).get(0).data()).containsExactly(2, 3);
        assertThat(lin.weight().value().data()).isEqualTo(before.data());
        assertThat(lin.weight().node()).isSameAs(lin.weight().leaf()); // unbound again
        assertThatThrownBy(() -> lin.call(Map.of("wieght", w), Var.constant(x)))
                .hasMessageContaining("no parameter named 'wieght'; names are [weight, bias]");
        assertThatThrownBy(() -> lin.call(Map.of("bias", w), Var.constant(x)))
                .hasMessageContaining("parameter 'bias' has shape [1], got [1, 2]");
    }

    @Test
    void aParameterTheLossIgnoresGetsZeros() {
        Linear lin = new Linear(2, 1, RandomStream.of(0));
        Var loss = lin.forward(Tensor.ones(3, 2)).sum().mul(0).add(lin.weight().node().sum());
        TensorMap g = lin.gradients(loss);
        assertThat(g.get("weight").data()).containsExactly(1, 1);
        Var constant = Var.param(Tensor.scalar(2)).mul(3);
        assertThat(lin.gradients(constant).get("bias").data()).containsExactly(0.0);
    }

    @Test
    void frozenParametersGetNoGradient() {
        Linear lin = new Linear(2, 1, RandomStream.of(0));
        lin.bias().setTrainable(false);
        Var loss = lin.forward(Tensor.ones(3, 2)).sum();
        assertThat(lin.gradients(loss).names()).containsExactly("weight");
    }

    @Test
    void aSmallCnnOnFlatImagesHasTheExpectedShapesAndNames() {
        RandomStream rng = RandomStream.of(0);
        Sequential cnn = new Sequential(new Unflatten(1, 1, 8, 8), new Conv2d(1, 4, 3, 1, 1, true, rng), new ReLU(),
                new MaxPool2d(2), new Flatten(), new Linear(4 * 4 * 4, 3, rng));
        assertThat(cnn.forward(Tensor.zeros(5, 64)).shape()).containsExactly(5, 3);
        assertThat(cnn.namedParameters().names()).containsExactly("1.weight", "1.bias", "5.weight", "5.bias");
        assertThat(cnn.parameterCount()).isEqualTo(4 * 9 + 4 + 64 * 3 + 3);
        assertThat(cnn.get(0).toString()).isEqualTo("Unflatten(dim=1, unflattened_size=(1, 8, 8))");
        assertThatThrownBy(() -> cnn.forward(Tensor.zeros(5, 63)))
                .hasMessageContaining("Unflatten(1, [1, 8, 8]): cannot split input shape [5, 63]");
        assertThat(new Flatten(0, 1).forward(Tensor.zeros(2, 3, 4)).shape()).containsExactly(6, 4);
    }

    @Test
    void layerShapeErrorsNameTheLayer() {
        assertThatThrownBy(() -> new Linear(3, 2, RandomStream.of(0)).forward(Tensor.zeros(4, 5)))
                .hasMessageContaining("Linear(3 -> 2): input shape [4, 5] does not end in 3");
        assertThatThrownBy(() -> new LayerNorm(3).forward(Tensor.zeros(4, 5)))
                .hasMessageContaining("LayerNorm(3)");
        assertThatThrownBy(() -> Activation.of("swish")).hasMessageContaining("unknown activation 'swish'")
                .hasMessageContaining("relu");
        assertThat(Activation.of(" ReLU ")).isEqualTo(Activation.RELU);
    }
}
