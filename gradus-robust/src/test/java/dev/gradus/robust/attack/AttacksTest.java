package dev.gradus.robust.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Var;
import dev.gradus.robust.InputGradient;
import dev.gradus.robust.InputGradients;
import dev.gradus.robust.SoftmaxPrecision;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Hand-checked small cases. With logits z = x, label 0 and x = (0.5, 0.5): p = (1/2, 1/2), dL/dz = dL/dx =
 * (-1/2, 1/2), so every gradient step moves along (-1, +1).
 */
class AttacksTest {
    private static final Tensor X = Tensor.of(new double[] {0.5, 0.5}, 1, 2);
    private static final int[] Y = {0};

    @Test
    void inputGradientOfTheHandCase() {
        InputGradient g = InputGradients.crossEntropy(LinearModels.IDENTITY, X, Y, SoftmaxPrecision.FLOAT64);
        assertThat(g.gradient().data()).containsExactly(new double[] {-0.5, 0.5}, within(1e-15));
        assertThat(g.loss()).isCloseTo(Math.log(2), within(1e-15));
        assertThat(g.logitGaps()[0]).isEqualTo(0.0);
    }

    @Test
    void float32SoftmaxUnderflowsWhereFloat64DoesNot() {
        Tensor saturated = Tensor.of(new double[] {120, 0}, 1, 2);
        InputGradient f64 = InputGradients.crossEntropy(LinearModels.IDENTITY, saturated, Y, SoftmaxPrecision.FLOAT64);
        InputGradient f32 = InputGradients.crossEntropy(LinearModels.IDENTITY, saturated, Y, SoftmaxPrecision.FLOAT32);
        assertThat(f64.gradient().data()[1]).isCloseTo(Math.exp(-120), within(1e-60)).isPositive();
        assertThat(f64.zeroRowFraction()).isEqualTo(0.0);
        assertThat(f32.gradient().data()).containsExactly(0.0, 0.0);
        assertThat(f32.zeroRowFraction()).isEqualTo(1.0);
        assertThat(f32.logitGaps()[0]).isEqualTo(120.0);
        // below the float32 underflow the two agree to float32 rounding
        InputGradient small = InputGradients.crossEntropy(LinearModels.IDENTITY, X, Y, SoftmaxPrecision.FLOAT32);
        assertThat(small.gradient().data()).containsExactly(new double[] {-0.5, 0.5}, within(1e-7));
    }

    @Test
    void fgsmTakesOneSignStepAndClipsToTheBox() {
        Tensor adv = new Fgsm(0.1).perturb(LinearModels.IDENTITY, X, Y, null);
        assertThat(adv.data()).containsExactly(new double[] {0.4, 0.6}, within(1e-15));
        Tensor clipped = new Fgsm(0.7).perturb(LinearModels.IDENTITY, X, Y, null);
        assertThat(clipped.data()).containsExactly(0.0, 1.0);
        // a zero gradient leaves the input unchanged: sign(0) = 0
        Tensor saturated = Tensor.of(new double[] {0.9, 0.0}, 1, 2);
        Tensor same = new Fgsm(0.1, 0, 1, SoftmaxPrecision.FLOAT32).perturb(x -> x.mul(200), saturated, Y, null);
        assertThat(same.data()).containsExactly(0.9, 0.0);
    }

    @Test
    void pgdLinfStepsThenProjectsOntoTheBall() {
        // steps of 0.1 along (-1, 1): (0.4, 0.6), (0.3, 0.7) -> projected to (0.35, 0.65), stays there
        Tensor adv = Pgd.linf(0.15, 0.1, 3).randomStart(false).perturb(LinearModels.IDENTITY, X, Y, null);
        assertThat(adv.data()).containsExactly(new double[] {0.35, 0.65}, within(1e-15));
    }

    @Test
    void pgdL2StepsAlongTheNormalisedGradientAndProjects() {
        // steps of 0.05 along (-1, 1)/sqrt 2; after the third the offset 0.15 is projected back to 0.1
        Tensor adv = Pgd.l2(0.1, 0.05, 3).randomStart(false).perturb(LinearModels.IDENTITY, X, Y, null);
        double d = 0.1 / Math.sqrt(2);
        assertThat(adv.data()).containsExactly(new double[] {0.5 - d, 0.5 + d}, within(1e-15));
    }

    @Test
    void pgdRandomStartStaysInTheBallAndIsSeeded() {
        Tensor x = Tensor.full(0.5, 4, 8);
        int[] y = {0, 1, 0, 1};
        Classifier8 f = new Classifier8();
        Tensor a = Pgd.linf(0.2, 0.05, 2).perturb(f.model, x, y, RandomStream.of(1));
        Tensor b = Pgd.linf(0.2, 0.05, 2).perturb(f.model, x, y, RandomStream.of(1));
        assertThat(a.data()).isEqualTo(b.data());
        for (double v : a.data()) {
            assertThat(Math.abs(v - 0.5)).isLessThanOrEqualTo(0.2 + 1e-15);
        }
        Tensor l2 = Pgd.l2(0.3, 0.1, 2).perturb(f.model, x, y, RandomStream.of(2));
        for (int i = 0; i < 4; i++) {
            double s = 0;
            for (int j = 0; j < 8; j++) {
                s += Math.pow(l2.data()[i * 8 + j] - 0.5, 2);
            }
            assertThat(Math.sqrt(s)).isLessThanOrEqualTo(0.3 + 1e-12);
        }
        assertThatThrownBy(() -> Pgd.linf(0.2, 0.05, 2).perturb(f.model, x, y, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("random stream");
    }

    /** Eight inputs to two logits: sums of the first and last four. */
    private static final class Classifier8 {
        final dev.gradus.robust.Classifier model;

        Classifier8() {
            double[] w = new double[16];
            for (int j = 0; j < 8; j++) {
                w[j * 2 + (j < 4 ? 0 : 1)] = 1;
            }
            Tensor weight = Tensor.of(w, 8, 2);
            model = x -> x.matmul(weight);
        }
    }

    @Test
    void cwObjectiveOfTheHandCase() {
        // x' = (0.3, 0.8) from x = (0.5, 0.5): ||x' - x||^2 = 0.13; h = max(0.3 - 0.8 + 1, 0) = 0.5; c = 2 -> 1.13
        CarliniWagnerL2 cw = CarliniWagnerL2.defaults().confidence(1);
        Tensor w = Tensor.of(new double[] {atanh(2 * 0.3 - 1), atanh(2 * 0.8 - 1)}, 1, 2);
        Var obj = cw.objective(LinearModels.IDENTITY, Var.constant(w), X, Y, new double[] {2}, false);
        assertThat(obj.value().data()[0]).isCloseTo(1.13, within(1e-12));
        // targeted at class 1 it is already reached by a margin 0.5 >= kappa = 0.5: h = max(0.3 - 0.8 + 0.5, 0) = 0
        Var targeted = CarliniWagnerL2.defaults().confidence(0.5)
                .objective(LinearModels.IDENTITY, Var.constant(w), X, new int[] {1}, new double[] {2}, true);
        assertThat(targeted.value().data()[0]).isCloseTo(0.13, within(1e-12));
        // the tanh change of variables starts at the input
        assertThat(cw.image(Var.constant(cw.initialW(X))).value().data()).containsExactly(new double[] {0.5, 0.5},
                within(1e-6));
    }

    @Test
    void cwFindsNearlyTheMinimalL2PerturbationOfALinearModel() {
        // the boundary z0 = z1 is at L2 distance |0.6 - 0.4| / sqrt 2 = 0.1414 from (0.6, 0.4)
        Tensor x = Tensor.of(new double[] {0.6, 0.4}, 1, 2);
        CwResult r = CarliniWagnerL2.defaults().binarySearchSteps(9).maxIterations(1000).attack(LinearModels.IDENTITY,
                x, Y);
        assertThat(r.success()[0]).isTrue();
        assertThat(r.l2()[0]).isBetween(0.1414, 0.16);
        assertThat(Attack.predict(LinearModels.IDENTITY, r.adversarial())[0]).isEqualTo(1);
        assertThat(r.successRate()).isEqualTo(1.0);
        assertThatThrownBy(() -> CarliniWagnerL2.defaults().attack(LinearModels.IDENTITY, Tensor.of(new double[] {2, 0}, 1, 2), Y))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the box");
    }

    private static double atanh(double u) {
        return 0.5 * Math.log((1 + u) / (1 - u));
    }
}
