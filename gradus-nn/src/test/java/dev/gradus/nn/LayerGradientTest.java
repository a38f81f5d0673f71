package dev.gradus.nn;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Finite-difference checks of every layer with respect to its input and its parameters. */
class LayerGradientTest {
    private final RandomStream rng = RandomStream.of(20240601);

    private Tensor randn(int... shape) {
        return Tensor.randn(rng, shape);
    }

    /** A layer whose backward misses the weight: the check must catch it, or it proves nothing. */
    @Test
    void theCheckCatchesAMissingGradient() {
        Module broken = new Module() {
            private final Parameter w = addParameter("w", Tensor.full(2.0, 3));

            @Override
            public dev.gradus.autodiff.Var forward(dev.gradus.autodiff.Var input) {
                return input.mul(dev.gradus.autodiff.Var.constant(w.node().value()));
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GradChecks.check(broken, randn(2, 3)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("gradient check failed");
    }

    @Test
    void linear() {
        GradChecks.check(new Linear(4, 3, rng), randn(5, 4));
        GradChecks.check(new Linear(4, 3, false, rng), randn(5, 4));
        GradChecks.check(new Linear(4, 3, rng), randn(2, 3, 4)); // leading dimensions are flattened
    }

    @Test
    void activations() {
        for (Activation a : Activation.values()) {
            GradChecks.check(a.create(), randn(4, 5));
        }
    }

    @Test
    void mlpWithEveryOption() {
        GradChecks.check(Mlp.builder(3).hidden(5, 4).outputs(2).activation(Activation.TANH).build(rng), randn(6, 3));
        GradChecks.check(Mlp.builder(3).hidden(5).outputs(2).batchNorm(true).build(rng), randn(6, 3));
        GradChecks.check(Mlp.builder(3).hidden(5).outputs(2).layerNorm(true).activation(Activation.GELU).build(rng),
                randn(6, 3));
    }

    @Test
    void dropoutWithAFixedMask() {
        Dropout d = new Dropout(0.3, RandomStream.of(1));
        GradChecks.check(d, randn(4, 6), () -> d.setRandomStream(RandomStream.of(7)));
        GradChecks.check(new Dropout(0.3, RandomStream.of(1)).eval(), randn(4, 6));
    }

    @Test
    void layerNorm() {
        LayerNorm ln = new LayerNorm(5);
        Initializer.normal(1, 0.5).initialize(ln.weight().value(), rng);
        Initializer.normal(0, 0.5).initialize(ln.bias().value(), rng);
        GradChecks.check(ln, randn(3, 5));
        GradChecks.check(ln, randn(2, 3, 5));
        GradChecks.check(new LayerNorm(5, 1e-5, false), randn(3, 5));
    }

    @Test
    void batchNormInBothModes() {
        BatchNorm1d bn = new BatchNorm1d(3);
        Initializer.normal(1, 0.5).initialize(bn.weight().value(), rng);
        Initializer.normal(0, 0.5).initialize(bn.bias().value(), rng);
        GradChecks.check(bn, randn(5, 3));
        GradChecks.check(bn, randn(4, 3, 2));
        bn.eval();
        GradChecks.check(bn, randn(5, 3));
        GradChecks.check(bn, randn(4, 3, 2));
    }

    @Test
    void convolutionPoolingAndFlatten() {
        GradChecks.check(new Conv2d(2, 3, 3, 1, 0, true, rng), randn(2, 2, 5, 4));
        GradChecks.check(new Conv2d(2, 3, 3, 2, 1, true, rng), randn(2, 2, 5, 5));
        GradChecks.check(new MaxPool2d(2), randn(2, 3, 4, 4));
        GradChecks.check(new MaxPool2d(3, 2, 1), randn(2, 2, 5, 5));
        GradChecks.check(new Flatten(), randn(2, 3, 2, 2));
        GradChecks.check(new Unflatten(1, 2, 3), randn(2, 6));
        GradChecks.check(new Sequential(new Conv2d(1, 2, 3, 1, 1, true, rng), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(8, 3, rng)), randn(2, 1, 4, 4));
    }

    @Test
    void linearSelfAttentionBothForms() {
        GradChecks.check(LinearSelfAttention.builder(3).mask(AttentionMask.excludeLast(1)).build(rng), randn(2, 4, 3));
        GradChecks.check(LinearSelfAttention.builder(3).heads(2).keySize(2).valueSize(2).mask(AttentionMask.causal())
                .residual(false).build(rng), randn(2, 4, 3));
        GradChecks.check(LinearSelfAttention.builder(3).parametrisation(LinearSelfAttention.Parametrisation.MERGED)
                .heads(2).mask(AttentionMask.excludeLast(1)).build(rng), randn(2, 4, 3));
    }

    @Test
    void softmaxSelfAttention() {
        GradChecks.check(SoftmaxSelfAttention.builder(3).heads(2).keySize(2).valueSize(2).build(rng), randn(2, 4, 3));
        GradChecks.check(SoftmaxSelfAttention.builder(3).mask(AttentionMask.causal()).build(rng), randn(2, 4, 3));
        GradChecks.check(SoftmaxSelfAttention.builder(3).mask(AttentionMask.excludeLast(1)).build(rng), randn(2, 4, 3));
    }

    @Test
    void secondDerivativesThroughTheLayers() {
        GradChecks.checkSecondOrder(Mlp.builder(3).hidden(4).outputs(2).activation(Activation.TANH).build(rng), randn(5, 3));
        GradChecks.checkSecondOrder(new Sequential(new Conv2d(1, 2, 3, 1, 1, true, rng), new Tanh(), new MaxPool2d(2)),
                randn(2, 1, 4, 4));
        GradChecks.checkSecondOrder(new LayerNorm(4), randn(3, 4));
        GradChecks.checkSecondOrder(new BatchNorm1d(3), randn(5, 3));
        GradChecks.checkSecondOrder(LinearSelfAttention.builder(3).mask(AttentionMask.excludeLast(1)).build(rng),
                randn(2, 4, 3));
        GradChecks.checkSecondOrder(SoftmaxSelfAttention.builder(3).heads(2).keySize(2).valueSize(2).build(rng),
                randn(2, 3, 3));
    }
}
