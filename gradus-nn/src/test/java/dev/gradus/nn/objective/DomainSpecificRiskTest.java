package dev.gradus.nn.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Linear;
import dev.gradus.nn.Sequential;
import dev.gradus.nn.Tanh;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainSpecificRiskTest {

    static final int N = 9;
    static final int D = 4;
    static final int F = 3;
    static final int C = 3;
    static final int[] DOMAINS = {0, 1, 2, 0, 1, 2, 0, 0, 1};
    static final int[] LABELS = {0, 1, 2, 2, 0, 1, 1, 0, 2};

    static DomainSpecificHeads model(int domains, boolean pooled) {
        RandomStream rng = RandomStream.of(4);
        return new DomainSpecificHeads(new Sequential(new Linear(D, F, rng), new Tanh()), F, C, domains, pooled, rng);
    }

    static Tensor inputs() {
        return Tensor.randn(RandomStream.of(6), N, D);
    }

    @Test
    void objectiveHasCorrectGradientsInEveryParameter() {
        DomainSpecificHeads m = model(3, true);
        Tensor x = inputs();
        TensorMap params = m.namedParameters();
        List<String> names = new ArrayList<>(params.names());
        GradCheck.check(v -> {
            Map<String, Var> at = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                at.put(names.get(i), v.get(i));
            }
            return DomainSpecificRisk.loss(m.call(at, Var.constant(x)), DOMAINS, LABELS, true);
        }, params.tensors()).requireBelow(1e-7);
    }

    @Test
    void theModelFormEqualsTheStackedFormInValueAndGradient() {
        DomainSpecificHeads m = model(3, true);
        Tensor x = inputs();
        Var a = DomainSpecificRisk.loss(m, x, DOMAINS, LABELS);
        Var b = DomainSpecificRisk.loss(m.forward(Var.constant(x)), DOMAINS, LABELS, true);
        assertThat(a.item()).isCloseTo(b.item(), within(1e-13));
        TensorMap ga = m.gradients(a);
        TensorMap gb = m.gradients(b);
        for (String name : ga.names()) {
            assertThat(ga.get(name).data()).as(name).containsExactly(gb.get(name).data(), within(1e-13));
        }
    }

    @Test
    void eachHeadLearnsOnlyFromItsDomainAndTheTermsAreHandAveraged() {
        DomainSpecificHeads m = model(3, true);
        Tensor x = inputs();
        Var risk = DomainSpecificRisk.loss(m, x, DOMAINS, LABELS);
        // By hand: (CE_0 + CE_1 + CE_2) / 3 + CE_pooled on all rows.
        Var stacked = m.forward(Var.constant(x));
        double expected = 0.0;
        int[][] rows = {{0, 3, 6, 7}, {1, 4, 8}, {2, 5}};
        for (int k = 0; k < 3; k++) {
            int[] y = new int[rows[k].length];
            for (int i = 0; i < y.length; i++) {
                y[i] = LABELS[rows[k][i]];
            }
            expected += Losses.softmaxCrossEntropy(stacked.narrow(0, k, 1).reshape(N, C).indexSelect(rows[k]), y)
                    .item() / 3;
        }
        expected += Losses.softmaxCrossEntropy(stacked.narrow(0, 3, 1).reshape(N, C), LABELS).item();
        assertThat(risk.item()).isCloseTo(expected, within(1e-13));
        // Head 2's gradient is that of domain 2's rows alone: moving a domain-0 input leaves it unchanged.
        Tensor moved = x.copy();
        moved.data()[0] += 1.0;
        moved.markModified();
        assertThat(m.gradients(DomainSpecificRisk.loss(m, moved, DOMAINS, LABELS)).get("head2.weight").data())
                .containsExactly(m.gradients(risk).get("head2.weight").data(), within(1e-15));
    }

    @Test
    void thePooledHeadAloneIsPooledErm() {
        DomainSpecificHeads m = model(0, true);
        Tensor x = inputs();
        int[] zeros = new int[N];
        assertThat(DomainSpecificRisk.loss(m, x, zeros, LABELS).item()).isCloseTo(
                Losses.softmaxCrossEntropy(m.head(0).forward(m.features(Var.constant(x))), LABELS).item(),
                within(1e-14));
        assertThat(m.heads()).isEqualTo(1);
        assertThat(m.headParameters().names()).containsExactly("pooled.weight", "pooled.bias");
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> model(0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one head");
        assertThatThrownBy(() -> DomainSpecificRisk.loss(model(3, true), inputs(), new int[N], new int[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9 rows with 9 domain ids and 2");
        int[] bad = DOMAINS.clone();
        bad[4] = 3;
        assertThatThrownBy(() -> DomainSpecificRisk.loss(model(3, true), inputs(), bad, LABELS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 4 has domain 3");
    }
}
