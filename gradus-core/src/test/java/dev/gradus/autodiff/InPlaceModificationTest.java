package dev.gradus.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Elementwise;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.ShapeOps;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A value changed in place between the forward pass and a backward pass that needs it makes the pass fail
 * with a message naming it; values no rule reads, and changes after the pass, are fine.
 */
class InPlaceModificationTest {
    private static final Tensor X = Tensor.randn(RandomStream.of(1), 5, 3);
    private static final Tensor Y = Tensor.randn(RandomStream.of(2), 5, 1);

    /** A 3-4-1 tanh network: {@code w2} is read by the backward pass (the hidden layer's gradient), w1 is not. */
    private final Var w1 = Var.param(Tensor.randn(RandomStream.of(3), 3, 4), "w1");
    private final Var b1 = Var.param(Tensor.zeros(4), "b1");
    private final Var w2 = Var.param(Tensor.randn(RandomStream.of(4), 4, 1), "w2");
    private final List<Var> params = List.of(w1, b1, w2);

    private Var loss() {
        return Losses.mse(Var.constant(X).matmul(w1).add(b1).tanh().matmul(w2), Y);
    }

    private static final String W2_MESSAGE = ": a value needed for gradient computation was modified in place:"
            + " parameter 'w2' of shape [4, 1], input 1 of 'matmul', is at version 1; the graph recorded version 0 in"
            + " the forward pass. Recompute the loss (run the forward pass again) after changing the parameters, or"
            + " change them only after backward";

    static Stream<Arguments> mutations() {
        return Stream.of(
                m("assign", t -> t.assign(t.mul(0.5))),
                m("fill", t -> t.fill(0.25)),
                m("set", t -> t.set(3.0, 2, 0)),
                m("in-place elementwise op", t -> Elementwise.mul(t, 0.5, t)),
                m("indexAdd", t -> ShapeOps.indexAdd(t, new int[] {0}, Tensor.ones(1, 1))),
                m("data() write and markModified", t -> {
                    double[] d = t.data();
                    for (int i = 0; i < d.length; i++) d[i] -= 0.1 * d[i];
                    t.markModified();
                }));
    }

    private static Arguments m(String name, Consumer<Tensor> mutation) {
        return Arguments.of(name, mutation);
    }

    private void backward(Var loss) {
        loss.backward();
    }

    private void grad(Var loss) {
        Autodiff.grad(loss, params);
    }

    private void gradGraph(Var loss) {
        Autodiff.gradGraph(loss, params);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void everyKindOfMutationBeforeThePassIsRefusedByEveryPass(String name, Consumer<Tensor> mutation) {
        List<Consumer<Var>> passes = List.of(this::backward, this::grad, this::gradGraph);
        List<String> names = List.of("backward", "grad", "gradGraph");
        for (int p = 0; p < passes.size(); p++) {
            Var w = Var.param(Tensor.randn(RandomStream.of(4), 4, 1), "w2");
            Var loss = Losses.mse(Var.constant(X).matmul(w1).add(b1).tanh().matmul(w), Y);
            mutation.accept(w.value());
            Consumer<Var> pass = passes.get(p);
            assertThatThrownBy(() -> pass.accept(loss)).as("%s then %s", name, names.get(p))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(names.get(p) + W2_MESSAGE);
        }
    }

    @Test
    void aRefusedBackwardAccumulatesNothing() {
        loss().backward();
        Tensor g1 = w1.grad().copy(), g2 = w2.grad().copy();
        Var stale = loss();
        w2.value().fill(0.5);
        assertThatThrownBy(stale::backward).isInstanceOf(IllegalStateException.class);
        assertThat(w1.grad()).isEqualTo(g1);
        assertThat(w2.grad()).isEqualTo(g2);
    }

    @Test
    void changingParametersAfterBackwardIsFineAndTheNextForwardSeesThem() {
        Var loss = loss();
        loss.backward();
        Elementwise.add(w2.value(), w2.grad().mul(-0.1), w2.value()); // an SGD step
        Elementwise.add(w1.value(), w1.grad().mul(-0.1), w1.value());
        List<Tensor> fresh = Autodiff.grad(loss(), params);
        List<Tensor> reference = gradientsAt(w1.value(), b1.value(), w2.value());
        assertThat(fresh).isEqualTo(reference);
    }

    /** The gradients of the same network built from copies of the given values. */
    private static List<Tensor> gradientsAt(Tensor a, Tensor b, Tensor c) {
        Var p = Var.param(a.copy()), q = Var.param(b.copy()), r = Var.param(c.copy());
        Var loss = Losses.mse(Var.constant(X).matmul(p).add(q).tanh().matmul(r), Y);
        return Autodiff.grad(loss, List.of(p, q, r));
    }

    @Test
    void aValueThatNoRuleReadsMayChangeAndTheGradientIsTheForwardPassOne() {
        // w1 meets only the constant input X (whose value its gradient reads), so its own value is never read again
        List<Tensor> before = gradientsAt(w1.value(), b1.value(), w2.value());
        Var loss = loss();
        w1.value().fill(7);
        b1.value().fill(7);
        assertThat(Autodiff.grad(loss, params)).isEqualTo(before);
    }

    @Test
    void aGraphDifferentiatedTwiceStillWorksAndAChangeBetweenTheTwoIsRefused() {
        Var loss = loss();
        Hvp h = Hvp.of(loss, params);
        List<Tensor> v = List.of(Tensor.ones(3, 4), Tensor.ones(4), Tensor.ones(4, 1));
        List<Tensor> first = h.apply(v);
        assertThat(h.apply(v)).isEqualTo(first);
        assertThat(Autodiff.grad(loss, params)).isEqualTo(Autodiff.grad(loss, params));
        assertThat(Hvp.hvp(loss(), params, v)).isEqualTo(first);

        w1.value().markModified(); // only the constant input's value meets w1: both passes are still exact
        assertThat(h.apply(v)).isEqualTo(first);
        w2.value().markModified(); // read by the forward graph and by the gradient's graph
        assertThatThrownBy(() -> h.apply(v)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("grad: a value needed for gradient computation was modified in place")
                .hasMessageContaining("parameter 'w2' of shape [4, 1]");
        assertThatThrownBy(() -> Hvp.of(loss, params)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("gradGraph: ");
    }

    @Test
    void messagesNameTheValue() {
        Var w = Var.param(Tensor.vector(1, 2, 3));
        Var y = w.exp();
        Var loss = y.sum();
        y.value().markModified();
        assertThatThrownBy(loss::backward).hasMessageContaining(
                "modified in place: the output of 'exp' of shape [3], which its own backward rule reads, is at version 1;");

        Var named = Var.param(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), "w");
        Var c = Var.param(Tensor.ones(6), "c");
        Var viaView = named.reshape(6).mul(c).sum();
        named.value().fill(0);
        assertThatThrownBy(viaView::backward).hasMessageContaining("modified in place: the output of 'reshape' of shape"
                + " [6] (a view of parameter 'w' of shape [2, 3]), input 0 of 'mul', is at version 1;");

        Var unnamed = Var.param(Tensor.vector(1, 2));
        Var sq = unnamed.square().sum();
        unnamed.value().fill(0);
        assertThatThrownBy(sq::backward).hasMessageContaining("modified in place: a parameter of shape [2], input 0 of 'square'");

        Tensor target = Tensor.vector(1, 2);
        Var mse = Losses.mse(Var.param(Tensor.vector(0, 0)), target);
        target.fill(0);
        assertThatThrownBy(mse::backward).hasMessageContaining("constant 'target' of shape [2], input 1 of 'mse'");

        Tensor mask = Tensor.vector(1, 0);
        Var where = Var.where(mask, Var.param(Tensor.vector(1, 2)), Var.param(Tensor.vector(3, 4))).sum();
        mask.fill(1);
        assertThatThrownBy(where::backward).hasMessageContaining("constant 'mask' of shape [2], input 2 of 'where'");
    }

    @Test
    void customOperationsCheckEveryInputAndTheirValue() {
        Var x = Var.param(Tensor.vector(1, 2), "x");
        Var k = Var.constant(Tensor.vector(3, 3), "k");
        Backward rule = (out, g) -> new Var[] {g.mul(out.inputs().get(1)), null};
        Var y = Var.op("scaleBy", x.value().mul(k.value()), rule, x, k).sum();
        x.value().markModified();
        assertThatThrownBy(y::backward).hasMessageContaining("parameter 'x' of shape [2], input 0 of 'scaleBy'");

        Var z = Var.op("scaleBy", x.value().mul(k.value()), rule, x, k);
        Var zs = z.sum();
        z.value().markModified();
        assertThatThrownBy(zs::backward).hasMessageContaining("the output of 'scaleBy' of shape [2], which its own");
    }

    @Test
    void namesShowInToStringAndCanBeChanged() {
        Var w = Var.param(Tensor.zeros(2), "0.weight");
        assertThat(w.name()).isEqualTo("0.weight");
        assertThat(w).hasToString("Var(param '0.weight', [2], requiresGrad)");
        w.setName("encoder.0.weight");
        assertThat(w.name()).isEqualTo("encoder.0.weight");
        assertThat(Var.param(Tensor.zeros(2)).name()).isNull();
        assertThat(Var.constant(Tensor.zeros(1), "targets")).hasToString("Var(constant 'targets', [1])");
    }

    /** The values each rule reads, checked against a rule that could not have read them. */
    static Stream<Arguments> opsThatDoNotReadTheParameter() {
        Tensor c = Tensor.randn(RandomStream.of(8), 2, 3);
        return Stream.of(
                f("add", w -> w.add(Var.param(c)).square().sum()),
                f("sub scalar", w -> w.sub(1.0).mul(Var.constant(c)).sum()),
                f("reshape and transpose", w -> w.reshape(3, 2).transpose().mul(Var.constant(c)).sum()),
                f("sum and mean", w -> w.sum(0, false).add(w.mean()).sum()),
                f("matmul with a constant left operand", w -> Var.constant(c.transpose()).matmul(w).tanh().sum()),
                f("concat and narrow", w -> Var.concat(List.of(w, Var.param(c)), 0).narrow(0, 1, 2).square().sum()),
                f("indexSelect and broadcastTo", w -> w.indexSelect(1, 1, 0).broadcastTo(2, 3, 3).square().sum()));
    }

    private static Arguments f(String name, Function<Var, Var> fn) {
        return Arguments.of(name, fn);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("opsThatDoNotReadTheParameter")
    void changingAValueNoRuleReadsIsNotAnError(String name, Function<Var, Var> fn) {
        Tensor w0 = Tensor.randn(RandomStream.of(9), 2, 3);
        Var ref = Var.param(w0.copy());
        Var refOut = fn.apply(ref);
        List<Tensor> expected = Autodiff.grad(refOut, List.of(ref));
        List<Tensor> expectedViaGraph = values(Autodiff.gradGraph(refOut, List.of(ref)));
        Var w = Var.param(w0.copy());
        Var out = fn.apply(w);
        w.value().fill(-3);
        assertThat(Autodiff.grad(out, List.of(w))).as(name).isEqualTo(expected);
        assertThat(values(Autodiff.gradGraph(out, List.of(w)))).as(name).isEqualTo(expectedViaGraph);
    }

    private static List<Tensor> values(List<Var> vars) {
        List<Tensor> out = new ArrayList<>();
        for (Var v : vars) out.add(v.value());
        return out;
    }
}
