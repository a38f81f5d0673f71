package dev.gradus.autodiff;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Backward temporaries reused across passes: reused when free, never while in use, never visible outside. */
class ScratchTest {

    private static Var loss(Var x, Var w1, Var b1, Var w2) {
        return Losses.mse(x.affine(w1, b1, FusedActivation.TANH).matmul(w2, false, true),
                Tensor.ones(x.dim(0), w2.dim(0)));
    }

    @Test
    void arraysAreReusedAfterAPassAndNotDuringIt() {
        int mark = Scratch.open();
        Tensor a = Scratch.tensor(3, 4);
        Tensor b = Scratch.tensor(3, 4);
        assertThat(b.data()).isNotSameAs(a.data());
        Scratch.release(mark);
        mark = Scratch.open();
        Tensor c = Scratch.tensor(4, 3); // same length, another shape
        assertThat(c.data()).isIn(a.data(), b.data());
        assertThat(c.shape()).containsExactly(4, 3);
        Scratch.release(mark);
    }

    @Test
    void nestedPassesNeverShareAnArray() {
        int outer = Scratch.open();
        Tensor a = Scratch.tensor(8);
        int inner = Scratch.open();
        Tensor b = Scratch.tensor(8);
        Scratch.release(inner);
        Tensor c = Scratch.tensor(8); // the outer pass again: b is free, a is not
        assertThat(b.data()).isNotSameAs(a.data());
        assertThat(c.data()).isSameAs(b.data());
        Scratch.release(outer);
    }

    @Test
    void outsideAPassEveryTensorIsNew() {
        assertThat(Scratch.tensor(5).data()).isNotSameAs(Scratch.tensor(5).data());
    }

    @Test
    void returnedGradientsSurviveLaterPasses() {
        RandomStream rng = RandomStream.of(8);
        Var w1 = Var.param(Tensor.randn(rng.fork("w1"), 6, 3)), b1 = Var.param(Tensor.randn(rng.fork("b1"), 6));
        Var w2 = Var.param(Tensor.randn(rng.fork("w2"), 2, 6));
        List<Var> params = List.of(w1, b1, w2);
        Var x1 = Var.constant(Tensor.randn(rng.fork("x1"), 5, 3)), x2 = Var.constant(Tensor.randn(rng.fork("x2"), 5, 3));
        List<Tensor> first = Autodiff.grad(loss(x1, w1, b1, w2), params);
        List<Tensor> firstCopy = first.stream().map(Tensor::copy).toList();
        List<Tensor> second = Autodiff.grad(loss(x2, w1, b1, w2), params);
        loss(x2, w1, b1, w2).backward(); // accumulates into grad(), which must not alias the pass's arrays either
        Tensor accumulated = w1.grad().copy();
        Autodiff.grad(loss(x1, w1, b1, w2), params);
        for (int i = 0; i < first.size(); i++) {
            assertThat(first.get(i).data()).isEqualTo(firstCopy.get(i).data());
            assertThat(second.get(i).data()).isNotEqualTo(first.get(i).data());
        }
        assertThat(w1.grad().data()).isEqualTo(accumulated.data());
        // and a repeated pass gives the same bits as the first one
        assertThat(Autodiff.grad(loss(x1, w1, b1, w2), params).get(0).data()).isEqualTo(firstCopy.get(0).data());
    }

    @Test
    void aRuleThatRunsItsOwnPassGetsTheRightGradient() {
        // y = sum(x^2) computed by a custom op whose backward rule differentiates x^2 with a nested pass
        Var x = Var.param(Tensor.vector(1, -2, 3));
        Backward nested = new Backward() {
            @Override
            public Var[] apply(Var out, Var g) {
                return new Var[] {out.inputs().get(0).mul(2.0).mul(g)};
            }

            @Override
            public Tensor[] applyFast(Var out, Tensor g) {
                try (GradMode.Scope on = GradMode.enableGrad()) {
                    Var in = Var.param(out.inputs().get(0).value());
                    Tensor inner = Autodiff.grad(in.affine(Var.param(Tensor.ones(1, 1)), null, FusedActivation.IDENTITY)
                            .square().sum(), List.of(in)).get(0);
                    return new Tensor[] {inner.mul(g.item())};
                }
            }
        };
        Var xs = x.reshape(3, 1);
        Var y = Var.op("sumsq", Tensor.scalar(14), nested, xs).mul(3.0);
        assertThat(Autodiff.grad(y, List.of(x)).get(0).data()).containsExactly(6, -12, 18);
    }

    @Test
    void handedOverGradientsAreNeverShared() {
        // one weight in two layers: two exclusive contributions, the first taken over, the second added into it
        RandomStream rng = RandomStream.of(12);
        Var w = Var.param(Tensor.randn(rng.fork("w"), 4, 4)), b = Var.param(Tensor.randn(rng.fork("b"), 4));
        Var x = Var.constant(Tensor.randn(rng.fork("x"), 3, 4));
        java.util.function.Supplier<Var> loss = () -> x.affine(w, b, FusedActivation.TANH).affine(w, b, FusedActivation.IDENTITY)
                .square().sum();
        List<Tensor> g = Autodiff.grad(loss.get(), List.of(w, b, w));
        assertThat(g.get(2).data()).isNotSameAs(g.get(0).data()).isEqualTo(g.get(0).data());
        // the same gradient by the composed ops, which hand nothing over
        Var z = x.matmul(w, false, true).add(b).tanh().matmul(w, false, true).add(b).square().sum();
        List<Tensor> ref = Autodiff.grad(z, List.of(w, b));
        assertThat(g.get(0).data()).isEqualTo(ref.get(0).data());
        assertThat(g.get(1).data()).isEqualTo(ref.get(1).data());
        // backward() takes the first contribution over as grad(), and a second pass adds into it, not into g
        loss.get().backward();
        Tensor first = w.grad().copy();
        loss.get().backward();
        assertThat(w.grad().allClose(first.mul(2.0), 1e-12, 1e-12)).isTrue(); // (a + b) + a + b: rounding differs
        assertThat(g.get(0).data()).isEqualTo(ref.get(0).data());
    }
}
