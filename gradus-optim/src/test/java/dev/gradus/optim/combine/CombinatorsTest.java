package dev.gradus.optim.combine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.contract.Runs;
import dev.gradus.optim.state.StateTree;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each wrapper does, on hand-sized examples. */
class CombinatorsTest {

    private static TensorMap params() {
        return new TensorMap().put("layer.weight", Tensor.vector(1, 2)).put("layer.bias", Tensor.vector(3))
                .put("norm.gain", Tensor.vector(4));
    }

    private static TensorMap grads(double w0, double w1, double b, double n) {
        return new TensorMap().put("layer.weight", Tensor.vector(w0, w1)).put("layer.bias", Tensor.vector(b))
                .put("norm.gain", Tensor.vector(n));
    }

    @Test
    void namesGlobsExcludeAndTheLastMatchDecides() {
        NameGlobs g = new NameGlobs(List.of("*", "!*.bias", "!norm.*"));
        assertThat(g.test("layer.weight")).isTrue();
        assertThat(g.test("layer.bias")).isFalse();
        assertThat(g.test("norm.gain")).isFalse();
        assertThat(new NameGlobs(List.of("!*.bias")).test("head.weight")).isTrue();
        assertThat(new NameGlobs(List.of("layer.?eight")).test("layer.weight")).isTrue();
        assertThat(new NameGlobs(List.of("layer.*", "!layer.bias", "layer.bias")).test("layer.bias")).isTrue();
    }

    @Test
    void maskedDecaysOnlyTheSelectedWeightsAndPassesTheRestThrough() {
        GradientTransformation t = Transforms.masked(Transforms.addDecayedWeights(0.5), "*", "!*.bias", "!norm.*");
        TensorMap p = params();
        OptState s = t.init(p);
        assertThat(StateTree.paths(s)).containsExactly("inner/count");
        TensorMap u = grads(1, 1, 1, 1);
        t.update(u, s, p);
        assertThat(u.get("layer.weight").data()).containsExactly(1.5, 2.0);
        assertThat(u.get("layer.bias").data()).containsExactly(1.0);
        assertThat(u.get("norm.gain").data()).containsExactly(1.0);
        assertThat(Specs.print(t)).isEqualTo(
                "masked(add_decayed_weights(weight_decay=0.5), mask=(\"*\", \"!*.bias\", \"!norm.*\"))");
        assertThat(Specs.printable(Transforms.masked(Transforms.scale(2), n -> n.startsWith("l")))).isFalse();
    }

    @Test
    void partitionGivesEachGroupItsOwnOptimizerAndState() {
        GradientTransformation t = Transforms.partition(Map.of("bias", Optimizers.sgd().lr(1.0)),
                n -> n.endsWith(".bias") ? "bias" : null);
        assertThatThrownBy(() -> t.init(params())).hasMessage("partition: parameter 'layer.weight' gets label null, "
                + "which names no transform; labels are [bias]");
        GradientTransformation byGlobs = Transforms.partition(List.of(Optimizers.sgd().lr(1.0), Optimizers.sgd().lr(0.5)),
                List.of("*.bias", "*"));
        TensorMap p = params();
        OptState s = byGlobs.init(p);
        byGlobs.step(p, grads(1, 1, 1, 1), s);
        assertThat(p.get("layer.bias").data()).containsExactly(2.0);
        assertThat(p.get("layer.weight").data()).containsExactly(0.5, 1.5);
        assertThat(StateTree.paths(s)).containsExactly("0/count", "1/count");
    }

    @Test
    void multiStepsStepsOnTheMeanOfEveryKGradients() {
        GradientTransformation acc = Transforms.multiSteps(Optimizers.sgd().lr(0.1), 3);
        TensorMap p = params();
        OptState s = acc.init(p);
        acc.step(p, grads(1, 2, 3, 4), s);
        acc.step(p, grads(2, 2, 3, 4), s);
        Runs.assertSameBits("no step before the third gradient", params(), p);
        acc.step(p, grads(3, 5, 0, 4), s);
        assertThat(p.get("layer.weight").data()).containsExactly(1 - 0.1 * 2, 2 - 0.1 * 3);
        assertThat(p.get("layer.bias").data()).containsExactly(3 - 0.1 * 2);
        assertThat(StateTree.counter(s, "gradientStep")).isEqualTo(1);
        assertThat(StateTree.counter(s, "miniStep")).isZero();
        assertThat(StateTree.tensor(s, "accumulated/layer.weight").data()).containsExactly(0, 0);
    }

    @Test
    void applyIfFiniteSkipsAndCountsNonFiniteSteps() {
        ApplyIfFinite safe = (ApplyIfFinite) Transforms.applyIfFinite(Optimizers.adam().lr(0.1))
                .with("max_consecutive_errors", 2L);
        TensorMap p = params();
        OptState s = safe.init(p);
        safe.step(p, grads(Double.NaN, 1, 1, 1), s);
        safe.step(p, grads(1, Double.POSITIVE_INFINITY, 1, 1), s);
        Runs.assertSameBits("skipped steps leave the parameters", params(), p);
        assertThat(StateTree.counter(s, "inner/count")).isZero();
        assertThat(StateTree.counter(s, "notFiniteCount")).isEqualTo(2);
        safe.step(p, grads(1, 1, 1, 1), s);
        assertThat(StateTree.counter(s, "notFiniteCount")).isZero();
        assertThat(StateTree.counter(s, "totalNotFinite")).isEqualTo(2);
        assertThat(StateTree.counter(s, "inner/count")).isEqualTo(1);
        safe.step(p, grads(Double.NaN, 1, 1, 1), s);
        safe.step(p, grads(Double.NaN, 1, 1, 1), s);
        safe.step(p, grads(Double.NaN, 1, 1, 1), s); // the third in a row goes through
        assertThat(p.get("layer.weight").data()[0]).isNaN();
    }

    @Test
    void lookaheadPullsTheFastWeightsBackEveryKSteps() {
        GradientTransformation la = Transforms.lookahead(Optimizers.sgd().lr(1.0), 2, 0.5);
        TensorMap p = params();
        OptState s = la.init(p);
        la.step(p, grads(1, 1, 1, 1), s);
        assertThat(p.get("layer.weight").data()).containsExactly(0, 1);
        la.step(p, grads(1, 1, 1, 1), s);
        // fast weights reached (-1, 0); slow = (1, 2) + 0.5 * ((-1, 0) - (1, 2)) = (0, 1)
        assertThat(p.get("layer.weight").data()).containsExactly(0, 1);
        assertThat(StateTree.tensor(s, "slow/layer.weight").data()).containsExactly(0, 1);
    }

    @Test
    void injectHyperparamsRecordsNestedNamesByPath() {
        GradientTransformation chain = Specs.transformation("inject_hyperparams(chain(scale(step_size=2.0)))");
        OptState s = chain.init(params());
        chain.step(params(), grads(1, 1, 1, 1), s);
        assertThat(StateTree.tensor(s, "hyperparams/0/step_size").item()).isEqualTo(2.0);
        var inj = Transforms.injectHyperparams(Optimizers.sgd().lr(0.5));
        assertThat(inj.hyperparams(inj.init(params()))).containsEntry("lr", 0.5);
    }

    private static final class Specs {
        static String print(Object o) {
            return dev.gradus.optim.spec.Specs.print(o);
        }

        static boolean printable(Object o) {
            return dev.gradus.optim.spec.Specs.printable(o);
        }

        static GradientTransformation transformation(String s) {
            return dev.gradus.optim.spec.Specs.transformation(s);
        }
    }
}
