package dev.gradus.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link Loss#perExample}: entry i is what {@link Loss#apply} gives for example i alone, for every loss and reduction. */
class LossPerExampleTest {

    private static void check(Loss loss, Var prediction, Tensor target) {
        Var each = loss.perExample(prediction, target);
        int n = prediction.dim(0);
        assertThat(each.shape()).as(loss.toString()).containsExactly(n);
        for (int i = 0; i < n; i++) {
            double alone = loss.apply(prediction.narrow(0, i, 1), target.narrow(0, i, 1)).sum().item();
            assertThat(each.value().data()[i]).as(loss + " example " + i).isCloseTo(alone, within(1e-13));
        }
    }

    @Test
    void everyBuiltInLossUnderEveryReduction() {
        RandomStream rng = RandomStream.of(1);
        Var logits = Var.constant(Tensor.randn(rng, 5, 3));
        Tensor classes = Tensor.vector(0, 2, 1, 1, 0);
        Tensor probabilities = Tensor.randn(rng, 5, 3).softmax(1);
        Tensor binary = Tensor.of(new double[] {1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 0}, 5, 3);
        for (Reduction r : Reduction.values()) {
            for (double smoothing : new double[] {0.0, 0.2}) {
                check(new CrossEntropyLoss(r, smoothing), logits, classes);
                check(new CrossEntropyLoss(r, smoothing), logits, probabilities);
            }
            check(new MseLoss(r), logits, Tensor.randn(rng, 5, 3));
            check(new BceWithLogitsLoss(r), logits, binary);
            check(new HingeLoss(r), logits, binary);
            check(new LogisticLoss(r), logits, binary);
        }
    }

    @Test
    void theDefaultCallsApplyPerExample() {
        RandomStream rng = RandomStream.of(2);
        Loss huberish = (p, t) -> p.sub(t).square().add(1.0).sqrt().mean();
        check(huberish, Var.constant(Tensor.randn(rng, 4, 2)), Tensor.randn(rng, 4, 2));
        assertThatThrownBy(() -> huberish.perExample(Var.constant(Tensor.randn(rng, 4, 2)), Tensor.randn(rng, 3, 2)))
                .hasMessageContaining("target [3, 2] does not have one row per example of the prediction [4, 2]");
        assertThat(huberish.perExample(Var.param(Tensor.randn(rng, 4, 2)), Tensor.randn(rng, 4, 2)).requiresGrad()).isTrue();
    }
}
