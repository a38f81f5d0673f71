package dev.gradus.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossTest {
    private final RandomStream rng = RandomStream.of(5);

    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    private static void gradCheck(Loss loss, Tensor prediction, Tensor target) {
        GradCheck.check(vs -> loss.apply(vs.get(0), target), List.of(prediction)).requireBelow(1e-7);
        GradCheck.check(vs -> loss.apply(vs.get(0), target), List.of(prediction), GradCheck.DEFAULT_EPS, true)
                .requireBelow(1e-7);
    }

    @Test
    void everyLossAndReductionPassesAGradientCheck() {
        Tensor z = Tensor.randn(rng, 6, 4);
        Tensor labels = Tensor.vector(0, 3, 1, 1, 2, 0);
        Tensor probs = Tensor.rand(rng, 6, 4);
        Tensor binary = Tensor.vector(1, 0, 0, 1, 1, 0);
        Tensor scores = Tensor.randn(rng, 6);
        for (Reduction r : Reduction.values()) {
            gradCheck(new MseLoss(r), z, Tensor.randn(rng, 6, 4));
            gradCheck(new BceWithLogitsLoss(r), z, probs);
            gradCheck(new CrossEntropyLoss(r, 0.0), z, labels);
            gradCheck(new CrossEntropyLoss(r, 0.2), z, labels);
            gradCheck(new CrossEntropyLoss(r, 0.1), z, probs);
            gradCheck(new HingeLoss(r), scores, binary);
            gradCheck(new LogisticLoss(r), scores, binary);
        }
    }

    @Test
    void valuesMatchTheirDefinitions() {
        Tensor p = Tensor.vector(0.5, -1.0, 2.0);
        Tensor y = Tensor.vector(1.0, 0.0, 1.0);
        assertThat(new MseLoss().apply(Var.constant(p), y).item()).isCloseTo((0.25 + 1 + 1) / 3, within(1e-15));
        assertThat(new MseLoss(Reduction.SUM).apply(Var.constant(p), y).item()).isCloseTo(2.25, within(1e-15));
        double bce = (softplus(0.5) - 0.5 + softplus(-1.0) + softplus(2.0) - 2.0) / 3;
        assertThat(new BceWithLogitsLoss().apply(Var.constant(p), y).item()).isCloseTo(bce, within(1e-15));
        // Hinge: y = (+1, -1, +1), margins 0.5, 1, 2.
        assertThat(new HingeLoss(Reduction.NONE).apply(Var.constant(p), y).value().data()).containsExactly(0.5, 0.0, 0.0);
        assertThat(new HingeLoss().apply(Var.constant(p), Tensor.vector(-1, 1, -1)).item())
                .isCloseTo((1.5 + 2 + 3) / 3, within(1e-15));
        assertThat(new LogisticLoss(Reduction.SUM).apply(Var.constant(p), y).item())
                .isCloseTo(softplus(-0.5) + softplus(-1.0) + softplus(-2.0), within(1e-15));
        // Logistic loss with 0/1 labels is binary cross-entropy.
        assertThat(new LogisticLoss().apply(Var.constant(p), y).item()).isCloseTo(bce, within(1e-15));
    }

    @Test
    void crossEntropyWithLabelSmoothingIsPyTorchsFormula() {
        Tensor z = Tensor.of(new double[] {1, 2, 3, 0, -1, 4}, 2, 3);
        Tensor labels = Tensor.vector(2, 0);
        double eps = 0.3;
        double total = 0;
        double[] none = new CrossEntropyLoss(Reduction.NONE, eps).apply(Var.constant(z), labels).value().data();
        for (int i = 0; i < 2; i++) {
            double lse = Math.log(Math.exp(z.get(i, 0)) + Math.exp(z.get(i, 1)) + Math.exp(z.get(i, 2)));
            double nll = lse - z.get(i, (int) labels.get(i));
            double smooth = 0;
            for (int k = 0; k < 3; k++) {
                smooth += (lse - z.get(i, k)) / 3;
            }
            double li = (1 - eps) * nll + eps * smooth;
            assertThat(none[i]).isCloseTo(li, within(1e-14));
            total += li;
        }
        assertThat(new CrossEntropyLoss(Reduction.MEAN, eps).apply(Var.constant(z), labels).item())
                .isCloseTo(total / 2, within(1e-14));
        assertThat(new CrossEntropyLoss(Reduction.SUM, eps).apply(Var.constant(z), labels).item())
                .isCloseTo(total, within(1e-14));
        // Index targets equal their one-hot probabilities, and [N, 1] label columns are accepted.
        Tensor oneHot = Tensor.of(new double[] {0, 0, 1, 1, 0, 0}, 2, 3);
        assertThat(new CrossEntropyLoss().apply(Var.constant(z), oneHot).item())
                .isCloseTo(new CrossEntropyLoss().apply(Var.constant(z), labels.reshape(2, 1)).item(), within(1e-15));
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        Tensor z = Tensor.of(new double[] {1000, -1000, 0}, 1, 3);
        assertThat(new CrossEntropyLoss().apply(Var.constant(z), Tensor.vector(1)).item()).isCloseTo(2000, within(1e-9));
        assertThat(new BceWithLogitsLoss().apply(Var.constant(Tensor.vector(-800)), Tensor.vector(1)).item())
                .isCloseTo(800, within(1e-9));
    }

    @Test
    void badTargetsAreClearErrors() {
        Var z = Var.constant(Tensor.zeros(3, 4));
        assertThatThrownBy(() -> new CrossEntropyLoss().apply(z, Tensor.vector(0, 4, 1)))
                .hasMessageContaining("label 4.0 at index 1 is not a class index in [0, 4)");
        assertThatThrownBy(() -> new CrossEntropyLoss().apply(z, Tensor.vector(0, 1.5, 1)))
                .hasMessageContaining("label 1.5 at index 1");
        assertThatThrownBy(() -> new CrossEntropyLoss().apply(z, Tensor.vector(0, 1)))
                .hasMessageContaining("neither 3 class indices nor probabilities [3, 4]");
        assertThatThrownBy(() -> new MseLoss().apply(z, Tensor.zeros(5)))
                .hasMessageContaining("MseLoss: prediction [3, 4] and target [5] differ in size");
        assertThatThrownBy(() -> new HingeLoss().apply(Var.constant(Tensor.zeros(2)), Tensor.vector(1, 2)))
                .hasMessageContaining("label 2.0 at index 1 is not a binary label");
        assertThatThrownBy(() -> new CrossEntropyLoss(Reduction.MEAN, 1.5)).hasMessageContaining("label smoothing");
    }
}
