package dev.gradus.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CriterionTest {

    private static Map<String, Double> metrics(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    @Test
    void betweenIsInclusiveAndStatesItsText() {
        Criterion c = Criterion.between("slope", -2.3, -1.7);
        assertThat(c.text()).isEqualTo("slope in [-2.3, -1.7]");
        assertThat(c.assess(metrics("slope", -2.0)).verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(c.assess(metrics("slope", -1.7)).verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(c.assess(metrics("slope", -1.0)).verdict()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(c.assess(metrics("slope", -1.0)).checks().get(0).measured()).isEqualTo("slope = -1");
    }

    @Test
    void missingOrNanMetricsCannotDecide() {
        Criterion c = Criterion.below("error", 1e-12);
        assertThat(c.assess(metrics()).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(c.assess(metrics()).checks().get(0).measured()).isEqualTo("error was not measured");
        assertThat(c.assess(metrics("error", Double.NaN)).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void comparisons() {
        Map<String, Double> m = metrics("a", 2, "b", 3);
        assertThat(Criterion.atMost("a", 2).assess(m).verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(Criterion.below("a", 2).assess(m).verdict()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(Criterion.atLeast("b", 3).assess(m).verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(Criterion.above("b", 3).assess(m).verdict()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(Criterion.equalTo("a", 2).assess(m).verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(Criterion.equalTo("b", 2).assess(m).verdict()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(Criterion.equalTo("iterations", 157).text()).isEqualTo("iterations = 157");
    }

    @Test
    void orderedMetrics() {
        Map<String, Double> m = metrics("r1", 1e-4, "r2", 3e-4, "r3", 2e-4);
        assertThat(Criterion.increasing("r1", "r2").assess(m).verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(Criterion.increasing("r1", "r2", "r3").assess(m).verdict()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(Criterion.decreasing("r2", "r3").assess(m).verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(Criterion.increasing("r1", "missing").assess(m).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Criterion.increasing("r1", "r2", "r3").text()).isEqualTo("r1 < r2 < r3");
        assertThat(Criterion.increasing("r1", "r2").assess(m).checks().get(0).measured())
                .isEqualTo("r1 = 1e-4, r2 = 3e-4");
        assertThatThrownBy(() -> Criterion.decreasing("only")).hasMessageContaining("at least two");
    }

    @Test
    void allOfNeedsEveryClauseAndAContradictionBeatsDoubt() {
        Criterion c = Criterion.allOf(Criterion.below("e", 1), Criterion.between("s", -1.2, -0.8));
        assertThat(c.text()).isEqualTo("e < 1; and s in [-1.2, -0.8]");
        assertThat(c.assess(metrics("e", 0.5, "s", -1)).verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(c.assess(metrics("e", 0.5)).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(c.assess(metrics("e", 2)).verdict()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(c.assess(metrics("e", 0.5, "s", -1)).checks()).hasSize(2);
    }

    @Test
    void aFailedPreconditionMakesTheRunInconclusive() {
        Criterion c = Criterion.allOf(Criterion.precondition(Criterion.atLeast("steps", 1000)),
                Criterion.below("e", 1));
        assertThat(c.assess(metrics("steps", 10, "e", 0.5)).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(c.assess(metrics("steps", 10, "e", 2)).verdict()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(c.assess(metrics("steps", 1000, "e", 0.5)).verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(c.text()).startsWith("(precondition) steps >= 1000");
    }
}
