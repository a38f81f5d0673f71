package dev.gradus.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutodiffTest {

    @Test
    void backwardAccumulatesIntoLeavesUntilZeroed() {
        Var w = Var.param(Tensor.vector(1, 2, 3));
        Var loss = w.square().sum(); // d/dw = 2w
        loss.backward();
        assertThat(w.grad()).isEqualTo(Tensor.vector(2, 4, 6));
        Tensor held = w.grad();
        w.square().sum().backward();
        assertThat(w.grad()).isSameAs(held).isEqualTo(Tensor.vector(4, 8, 12));
        Autodiff.zeroGrad(List.of(w));
        assertThat(w.grad()).isSameAs(held).isEqualTo(Tensor.zeros(3));
    }

    @Test
    void parametersUpdatedInPlaceAreSeenByTheNextForward() {
        Tensor value = Tensor.vector(1, -1);
        Var w = Var.param(value);
        for (int step = 0; step < 3; step++) {
            w.zeroGrad();
            w.square().sum().backward();
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                double[] d = w.value().data(), g = w.grad().data();
                for (int i = 0; i < d.length; i++) d[i] -= 0.25 * g[i];
            }
        }
        assertThat(w.value()).isSameAs(value);
        assertThat(value.data()).containsExactly(0.125, -0.125); // each step halves w
    }

    @Test
    void gradReturnsFreshTensorsEvenWhenRulesShareThem() {
        Var a = Var.param(Tensor.vector(1, 2)), b = Var.param(Tensor.vector(3, 4));
        Var out = a.add(b).sum();
        List<Tensor> g = Autodiff.grad(out, List.of(a, b, a));
        assertThat(g.get(0)).isEqualTo(Tensor.vector(1, 1));
        assertThat(g.get(1)).isEqualTo(Tensor.vector(1, 1));
        assertThat(g.get(2)).isEqualTo(Tensor.vector(1, 1));
        g.get(0).data()[0] = 99;
        assertThat(g.get(1).data()[0]).isEqualTo(1.0);
        assertThat(g.get(2).data()[0]).isEqualTo(1.0);
        assertThat(a.grad()).isNull(); // grad() does not touch accumulated gradients
    }

    @Test
    void gradWithRespectToAnIntermediateNodeAndTheOutputItself() {
        Var x = Var.param(Tensor.vector(0.5, -1));
        Var h = x.mul(3.0);
        Var out = h.tanh().sum();
        List<Tensor> g = Autodiff.grad(out, List.of(h, out));
        assertThat(g.get(0).data()[0]).isEqualTo(1 - Math.pow(Math.tanh(1.5), 2));
        assertThat(g.get(1)).isEqualTo(Tensor.scalar(1));
    }

    @Test
    void namedGradientsFollowTheMapOrder() {
        Map<String, Var> params = new LinkedHashMap<>();
        params.put("w", Var.param(Tensor.vector(1, 2)));
        params.put("b", Var.param(Tensor.scalar(0.5)));
        Var loss = params.get("w").mul(params.get("b")).sum();
        TensorMap g = Autodiff.grad(loss, params);
        assertThat(g.names()).containsExactly("w", "b");
        assertThat(g.get("w")).isEqualTo(Tensor.vector(0.5, 0.5));
        assertThat(g.get("b")).isEqualTo(Tensor.scalar(3));
    }

    @Test
    void noGradScopeRecordsNothingAndNests() {
        Var w = Var.param(Tensor.vector(1, 2));
        assertThat(GradMode.isEnabled()).isTrue();
        try (GradMode.Scope outer = Autodiff.noGrad()) {
            Var y = w.mul(2.0).sum();
            assertThat(y.requiresGrad()).isFalse();
            assertThat(y.isLeaf()).isTrue();
            try (GradMode.Scope inner = GradMode.enableGrad()) {
                assertThat(w.mul(2.0).requiresGrad()).isTrue();
            }
            assertThat(GradMode.isEnabled()).isFalse();
        }
        assertThat(GradMode.isEnabled()).isTrue();
        assertThat(w.mul(2.0).requiresGrad()).isTrue();
    }

    @Test
    void noGradIsPerThread() throws Exception {
        Var w = Var.param(Tensor.vector(1));
        boolean[] otherThread = new boolean[1];
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Thread t = new Thread(() -> otherThread[0] = w.mul(2.0).requiresGrad());
            t.start();
            t.join();
        }
        assertThat(otherThread[0]).isTrue();
    }

    @Test
    void constantsAndDetachCutTheGraph() {
        Var w = Var.param(Tensor.vector(2));
        Var y = w.detach().mul(w); // d/dw = detached value = 2
        assertThat(Autodiff.grad(y.sum(), List.of(w)).get(0)).isEqualTo(Tensor.vector(2));
    }

    @Test
    void reusingAGraphForTwoPassesGivesTheSameGradients() {
        Var w = Var.param(Tensor.vector(0.3, -0.7));
        Var loss = w.tanh().mul(w).sum();
        Tensor first = Autodiff.grad(loss, List.of(w)).get(0);
        Tensor second = Autodiff.grad(loss, List.of(w)).get(0);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void seededBackwardFromANonScalar() {
        Var w = Var.param(Tensor.vector(1, 2, 3));
        w.mul(w).backward(Tensor.vector(1, 0, -1));
        assertThat(w.grad()).isEqualTo(Tensor.vector(2, 0, -6));
    }

    @Test
    void errorsSayWhatWentWrong() {
        Var w = Var.param(Tensor.vector(1, 2));
        Var other = Var.param(Tensor.zeros(3));
        assertThatThrownBy(() -> w.mul(2.0).backward())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backward: the output has shape [2]; a non-scalar output needs a seed gradient of that"
                        + " shape (or reduce it first, e.g. sum())");
        assertThatThrownBy(() -> w.mul(2.0).backward(Tensor.zeros(3)))
                .hasMessage("backward: the seed gradient has shape [3] but the output has shape [2]");
        assertThatThrownBy(() -> Autodiff.grad(w.sum(), List.of(w, other)))
                .hasMessage("grad: wrt[1] Var(param, [3], requiresGrad) is not in the graph of the output"
                        + " Var(sum, [], requiresGrad); pass allowUnused = true to get zeros for it");
        assertThat(Autodiff.grad(w.sum(), List.of(w, other), null, true).get(1)).isEqualTo(Tensor.zeros(3));
        assertThatThrownBy(() -> Autodiff.grad(w.sum(), List.of(Var.constant(Tensor.zeros(1)))))
                .hasMessageContaining("grad: wrt[0] Var(constant, [1]) does not require grad");
        assertThatThrownBy(() -> Var.constant(Tensor.scalar(1)).mul(2.0).backward())
                .hasMessageContaining("does not require grad");
        assertThatThrownBy(() -> Var.param(Tensor.zeros(3, 4)).matmul(Var.param(Tensor.zeros(5, 2))))
                .hasMessage("matmul: [3, 4] x [5, 2]: inner dimensions 4 and 5 differ");
        assertThatThrownBy(() -> Losses.softmaxCrossEntropy(Var.param(Tensor.zeros(2, 3)), new int[] {0, 3}))
                .hasMessage("softmaxCrossEntropy: label 3 at position 1 is out of range for 3 classes");
    }

    @Test
    void signHasZeroGradientNotAnError() {
        Var w = Var.param(Tensor.vector(-2, 3));
        assertThat(Autodiff.grad(w.sign().sum(), List.of(w)).get(0)).isEqualTo(Tensor.zeros(2));
    }

    @Test
    void subgradientConventionsAtKinks() {
        Var w = Var.param(Tensor.vector(0, 0, 1));
        assertThat(Autodiff.grad(w.relu().sum(), List.of(w)).get(0)).isEqualTo(Tensor.vector(0, 0, 1));
        assertThat(Autodiff.grad(w.abs().sum(), List.of(w)).get(0)).isEqualTo(Tensor.vector(0, 0, 1));
        assertThat(Autodiff.grad(w.clamp(0, 1).sum(), List.of(w)).get(0)).isEqualTo(Tensor.vector(1, 1, 1));
        Var z = Var.param(Tensor.zeros(2));
        assertThat(Autodiff.grad(z.norm(), List.of(z)).get(0)).isEqualTo(Tensor.zeros(2));
        Var t = Var.param(Tensor.vector(1, 1));
        assertThat(Autodiff.grad(t.maximum(Var.constant(Tensor.vector(1, 0))).sum(), List.of(t)).get(0))
                .isEqualTo(Tensor.vector(0.5, 1));
        assertThat(Autodiff.grad(t.max(), List.of(t)).get(0)).isEqualTo(Tensor.vector(1, 0));
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        Var w = Var.param(Tensor.scalar(1));
        Var y = w;
        for (int i = 0; i < 100_000; i++) y = y.mul(1.0);
        assertThat(Autodiff.grad(y, List.of(w)).get(0).item()).isEqualTo(1.0);
    }

    @Test
    void customOperationsAreDifferentiableToSecondOrder() {
        Var x = Var.param(Tensor.vector(0.5, -2));
        Var y = Var.op("cube", x.value().pow(3),
                (out, g) -> new Var[] {g.mul(out.inputs().get(0).square().mul(3.0))}, x);
        assertThat(y.opName()).isEqualTo("cube");
        assertThat(y.inputs()).containsExactly(x);
        Var dy = Autodiff.gradGraph(y.sum(), List.of(x)).get(0);
        assertThat(dy.value()).isEqualTo(Tensor.vector(0.75, 12));
        assertThat(Autodiff.grad(dy.sum(), List.of(x)).get(0)).isEqualTo(Tensor.vector(3, -12));
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            assertThat(Var.op("cube", x.value().pow(3), (out, g) -> null, x).requiresGrad()).isFalse();
        }
    }
}
