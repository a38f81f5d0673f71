package dev.gradus.nn.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.optim.Optimizers;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnlineSteeringTest {

    static final int[] ROWS = {0, 2, 3};
    static final int[] PSEUDO = {1, 0, 2};

    @Test
    void steeringLossHasCorrectGradients() {
        Tensor logits = Tensor.randn(RandomStream.of(3), 4, 5, 3);
        GradCheck.check(v -> OnlineSteering.loss(v.get(0), ROWS, PSEUDO), List.of(logits)).requireBelow(1e-7);
        GradCheck.check(v -> OnlineSteering.loss(v.get(0), ROWS, PSEUDO), List.of(logits), GradCheck.DEFAULT_EPS,
                true).requireBelow(1e-7);
    }

    @Test
    void steeringLossSumsEveryHeadsCrossEntropyOnTheConfidentRows() {
        Tensor logits = Tensor.randn(RandomStream.of(5), 2, 5, 3);
        double expected = 0.0;
        for (int k = 0; k < 2; k++) {
            double[] z = new double[ROWS.length * 3];
            for (int i = 0; i < ROWS.length; i++) {
                System.arraycopy(logits.data(), (k * 5 + ROWS[i]) * 3, z, i * 3, 3);
            }
            expected += Losses.softmaxCrossEntropy(Var.constant(Tensor.of(z, ROWS.length, 3)), PSEUDO).item();
        }
        assertThat(OnlineSteering.loss(Var.constant(logits), ROWS, PSEUDO).item()).isCloseTo(expected,
                within(1e-14));
    }

    @Test
    void probabilitiesAreRowSoftmaxes() {
        Tensor p = OnlineSteering.probabilities(Tensor.of(new double[] {0, Math.log(3), 5, 5}, 2, 1, 2));
        assertThat(p.data()).containsExactly(new double[] {0.25, 0.75, 0.5, 0.5}, within(1e-15));
    }

    static DomainSpecificHeads trained() {
        DomainSpecificHeads m = DomainSpecificRiskTest.model(3, true);
        // A few steps of the risk so that the heads are confident somewhere.
        var adam = Optimizers.adam().lr(0.1);
        TensorMap params = m.namedParameters();
        var state = adam.init(params);
        for (int s = 0; s < 30; s++) {
            adam.step(params, m.gradients(DomainSpecificRisk.loss(m, DomainSpecificRiskTest.inputs(),
                    DomainSpecificRiskTest.DOMAINS, DomainSpecificRiskTest.LABELS)), state);
        }
        return m;
    }

    @Test
    void theHeadsOnlyVariantMovesTheHeadsAndNotTheFeaturizer() {
        DomainSpecificHeads m = trained();
        Tensor x = DomainSpecificRiskTest.inputs();
        TensorMap before = m.namedParameters().copy();
        OnlineSteering s = new OnlineSteering(m, EntropyWeighting.of(1), Optimizers.adam().lr(0.01), 0.5, true);
        Tensor offline = s.predict(x);
        Tensor p = s.adapt(x);
        assertThat(p.data()).isEqualTo(offline.data());      // the prediction is made before the step
        assertThat(s.pseudoLabelledFraction()).isGreaterThan(0.0);
        TensorMap after = m.namedParameters();
        assertThat(after.get("featurizer.0.weight").data()).isEqualTo(before.get("featurizer.0.weight").data());
        assertThat(after.get("head1.weight").data()).isNotEqualTo(before.get("head1.weight").data());
        assertThat(after.get("pooled.bias").data()).isNotEqualTo(before.get("pooled.bias").data());
    }

    @Test
    void theFullVariantMovesTheFeaturizerAndSteeringLowersTheSteeringLoss() {
        DomainSpecificHeads m = trained();
        Tensor x = DomainSpecificRiskTest.inputs();
        TensorMap before = m.namedParameters().copy();
        OnlineSteering s = new OnlineSteering(m, EntropyWeighting.of(1), Optimizers.sgd().lr(0.05), 0.0, false);
        // Threshold 0: every row is pseudo-labelled with the combined argmax.
        Tensor p = s.adapt(x);
        int[] rows = new int[x.dim(0)];
        int[] labels = new int[x.dim(0)];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
            labels[i] = p.data()[i * 3] >= p.data()[i * 3 + 1] && p.data()[i * 3] >= p.data()[i * 3 + 2] ? 0
                    : p.data()[i * 3 + 1] >= p.data()[i * 3 + 2] ? 1 : 2;
        }
        assertThat(s.pseudoLabelledFraction()).isEqualTo(1.0);
        assertThat(m.namedParameters().get("featurizer.0.weight").data())
                .isNotEqualTo(before.get("featurizer.0.weight").data());
        DomainSpecificHeads old = trained();
        double lossBefore = OnlineSteering.loss(old.forward(Var.constant(x)), rows, labels).item();
        double lossAfter = OnlineSteering.loss(m.forward(Var.constant(x)), rows, labels).item();
        assertThat(lossAfter).isLessThan(lossBefore);
    }

    @Test
    void nothingConfidentMeansNoStepAndTheRunIsDeterministic() {
        DomainSpecificHeads m = trained();
        Tensor x = DomainSpecificRiskTest.inputs();
        TensorMap before = m.namedParameters().copy();
        OnlineSteering s = new OnlineSteering(m, EntropyWeighting.of(1), Optimizers.adam().lr(0.01), 1.0, false);
        s.adapt(x);
        assertThat(s.pseudoLabelledFraction()).isEqualTo(0.0);   // no combined probability reaches 1
        for (String name : before.names()) {
            assertThat(m.namedParameters().get(name).data()).isEqualTo(before.get(name).data());
        }
        double[][] w = new double[2][];
        for (int r = 0; r < 2; r++) {
            DomainSpecificHeads mr = trained();
            OnlineSteering sr = new OnlineSteering(mr, EntropyWeighting.minimumEntropy(), Optimizers.adam().lr(0.01),
                    0.3, true).passes(2);
            sr.adapt(x);
            sr.adapt(x);
            w[r] = mr.namedParameters().get("head0.weight").data().clone();
        }
        assertThat(w[1]).containsExactly(w[0]);
    }

    @Test
    void badInputIsRefused() {
        DomainSpecificHeads m = DomainSpecificRiskTest.model(3, true);
        assertThatThrownBy(() -> new OnlineSteering(m, EntropyWeighting.of(1), Optimizers.adam(), 1.5, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
        assertThatThrownBy(() -> OnlineSteering.loss(Var.constant(Tensor.zeros(2, 3, 3)), new int[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> OnlineSteering.loss(Var.constant(Tensor.zeros(2, 3, 3)), new int[] {3},
                new int[] {0})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 3");
    }
}
