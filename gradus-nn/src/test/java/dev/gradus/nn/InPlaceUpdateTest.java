package dev.gradus.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Var;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parameters changed in place between a forward pass and the backward pass through it (an optimizer step,
 * a state-dict load, a re-initialisation) make the backward pass fail with the parameter's dotted name.
 */
class InPlaceUpdateTest {
    private static final Tensor X = Tensor.randn(RandomStream.of(1), 6, 3);
    private static final Tensor Y = Tensor.randn(RandomStream.of(2), 6, 1);

    private static Sequential net() {
        RandomStream rng = RandomStream.of(3);
        return new Sequential(new Linear(3, 4, rng), new Tanh(), new Linear(4, 1, rng));
    }

    private static Var loss(Module net) {
        return new MseLoss().apply(net.forward(X), Y);
    }

    /** A tree two levels deep, to see names grow as it is assembled. */
    static final class Tower extends Module {
        Tower(RandomStream rng) {
            addModule("encoder", net());
            addModule("head", new Linear(1, 2, rng));
            addParameter("scale", Tensor.ones(2));
        }

        @Override
        public Var forward(Var input) {
            return input;
        }
    }

    @Test
    void parameterLeavesCarryTheirDottedNames() {
        Tower tower = new Tower(RandomStream.of(4));
        Map<String, Parameter> all = tower.allParameters();
        assertThat(all.keySet()).containsExactly("scale", "encoder.0.weight", "encoder.0.bias", "encoder.2.weight",
                "encoder.2.bias", "head.weight", "head.bias");
        all.forEach((name, p) -> assertThat(p.leaf().name()).isEqualTo(name));
        tower.namedParameterNodes().forEach((name, leaf) -> assertThat(leaf.name()).isEqualTo(name));
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd (fused)", Optimizers.sgd().lr(0.1)),
                Arguments.of("adam (fused)", Optimizers.adam().lr(0.01)),
                Arguments.of("adam reference chain (update, then apply)", Optimizers.adam().lr(0.01).reference()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void anOptimizerStepBetweenForwardAndBackwardIsRefused(String name, GradientTransformation opt) {
        Sequential net = net();
        TensorMap params = net.namedParameters();
        OptState state = opt.init(params);
        Var loss = loss(net);
        TensorMap grads = net.gradients(loss);
        assertThat(net.gradients(loss).asMap()).as("a graph may be differentiated again").isEqualTo(grads.asMap());
        int before = net.get(2).localParameters().get("weight").value().version();
        opt.step(params, grads, state);
        assertThatThrownBy(() -> net.gradients(loss)).isInstanceOf(IllegalStateException.class)
                .hasMessage("grad: a value needed for gradient computation was modified in place: parameter '2.weight'"
                        + " of shape [1, 4], input 1 of 'affine', is at version " + (before + 1) + "; the graph recorded"
                        + " version " + before + " in the forward pass. Recompute the loss (run the forward pass again)"
                        + " after changing the parameters, or change them only after backward");
        assertThatThrownBy(() -> loss.backward()).hasMessageStartingWith("backward: ");
        assertThatThrownBy(() -> Autodiff.gradGraph(loss, net.parameterNodes())).hasMessageStartingWith("gradGraph: ");
        TensorMap fresh = net.gradients(loss(net)); // the fix: recompute the loss
        assertThat(fresh.names()).isEqualTo(grads.names());
    }

    @Test
    void loadingAStateDictOrReinitialisingBeforeBackwardIsRefused() {
        Sequential net = net();
        TensorMap snapshot = net.stateDict().copy();
        Var loss = loss(net);
        net.loadStateDict(snapshot);
        assertThatThrownBy(loss::backward).hasMessageContaining("parameter '2.weight' of shape [1, 4]");

        Var again = loss(net);
        Initializer.uniform(-1, 1).initialize(((Linear) net.get(2)).weight().value(), RandomStream.of(5));
        assertThatThrownBy(again::backward).hasMessageContaining("parameter '2.weight'");
    }

    @Test
    void aFrozenParameterIsNamedToo() {
        Sequential net = net();
        ((Linear) net.get(2)).weight().setTrainable(false);
        Var loss = loss(net);
        ((Linear) net.get(2)).weight().value().fill(0);
        assertThatThrownBy(() -> net.gradients(loss)).hasMessageContaining("constant '2.weight' of shape [1, 4]");
    }

    @Test
    void batchNormCountsItsRunningStatisticUpdates() {
        BatchNorm1d bn = new BatchNorm1d(3);
        int mean = bn.runningMean().version(), var = bn.runningVar().version();
        bn.forward(Var.constant(X));
        assertThat(bn.runningMean().version()).isEqualTo(mean + 1);
        assertThat(bn.runningVar().version()).isEqualTo(var + 1);
    }
}
