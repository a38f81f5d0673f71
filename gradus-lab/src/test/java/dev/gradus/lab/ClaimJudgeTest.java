package dev.gradus.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimJudgeTest {
    private static SeedOutcome ran(long seed, Map<String, Double> metrics) {
        return new SeedOutcome(seed, SeedOutcome.Status.RAN, "", metrics, Map.of(), List.of(), 0);
    }

    private static SeedOutcome crashed(long seed) {
        return new SeedOutcome(seed, SeedOutcome.Status.CRASHED, "boom", Map.of(), Map.of(), List.of(), 0);
    }

    private static SeedOutcome skipped(long seed) {
        return new SeedOutcome(seed, SeedOutcome.Status.SKIPPED, "diverged", Map.of(), Map.of(), List.of(), 0);
    }

    /** Seeds whose metric {@code who.x} takes the given values, for subjects a, b and c. */
    private static List<SeedOutcome> seeds(double[] a, double[] b, double[] c) {
        List<SeedOutcome> out = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            out.add(ran(i, Map.of("a.x", a[i], "b.x", b[i], "c.x", c[i])));
        }
        return out;
    }

    private static Claim.Builder positive() {
        return Claim.that("positive", "x is positive").test(s -> Criterion.above(s + ".x", 0)).subject("a");
    }

    @Test
    void reproducedNeedsTheSubjectToPassAndTheControlToFail() {
        List<SeedOutcome> s = seeds(new double[] {1, 1, 1, 1, -1}, new double[] {-1, -1, 1, -1, -1},
                new double[] {1, 1, 1, 1, 1});
        ClaimResult r = ClaimJudge.judge(positive().control("b", "b is the baseline").build(), s);
        assertThat(r.verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(r.subject().deciding()).isEqualTo("4/5 seeds (4 needed)");
        assertThat(r.control().deciding()).isEqualTo("1/5 seeds (4 needed)");
        assertThat(r.control().held()).isFalse();

        ClaimResult passingControl = ClaimJudge.judge(positive().control("c", "c passes too").build(), s);
        assertThat(passingControl.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(passingControl.why()).contains("the control c passes the same test");

        ClaimResult strict = ClaimJudge.judge(positive().control("b", "b").rule(Aggregate.everySeed()).build(), s);
        assertThat(strict.verdict()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(strict.subject().deciding()).isEqualTo("4/5 seeds (5 needed)");
    }

    @Test
    void theMedianRuleTestsTheMedianOfEachMetric() {
        List<SeedOutcome> s = seeds(new double[] {-5, 1, 2, -1, 3}, new double[] {-1, -2, 5, 6, -3},
                new double[] {0, 0, 0, 0, 0});
        ClaimResult r = ClaimJudge.judge(positive().control("b", "b").rule(Aggregate.median()).build(), s);
        assertThat(r.subject().deciding()).isEqualTo("median over 5 seeds: a.x = 1");
        assertThat(r.control().deciding()).isEqualTo("median over 5 seeds: b.x = -1");
        assertThat(r.verdict()).isEqualTo(Verdict.REPRODUCED);
    }

    @Test
    void crashesCountAgainstTheSubjectButNeverHelpTheControlFail() {
        List<SeedOutcome> s = new ArrayList<>(seeds(new double[] {1, 1, 1, 1}, new double[] {1, 1, 1, 1},
                new double[] {0, 0, 0, 0}));
        s.add(crashed(9));
        ClaimResult r = ClaimJudge.judge(positive().control("b", "b").rule(Aggregate.everySeed()).build(), s);
        assertThat(r.subject().deciding()).isEqualTo("4/5 seeds (5 needed)");
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(r.subject().seeds().get(4).note()).isEqualTo("crashed: boom");
        assertThat(r.control().deciding()).isEqualTo("4/4 seeds (4 needed)");
        assertThat(r.control().held()).isTrue();
    }

    @Test
    void skippedSeedsCountForNothingAndTooManyMakeItInconclusive() {
        List<SeedOutcome> s = new ArrayList<>(seeds(new double[] {1, 1}, new double[] {-1, -1}, new double[] {0, 0}));
        s.add(skipped(7));
        ClaimResult r = ClaimJudge.judge(positive().control("b", "b").build(), s);
        assertThat(r.verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(r.subject().deciding()).isEqualTo("2/2 seeds (2 needed)");
        s.add(skipped(8));
        s.add(skipped(10));
        assertThat(ClaimJudge.judge(positive().control("b", "b").build(), s).verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void missingMetricsAreUndecidedWhenTheyCouldChangeTheOutcome() {
        List<SeedOutcome> s = List.of(ran(0, Map.of("a.x", 1.0, "b.x", -1.0)), ran(1, Map.of("b.x", -1.0)),
                ran(2, Map.of("a.x", Double.NaN, "b.x", -1.0)));
        ClaimResult r = ClaimJudge.judge(positive().control("b", "b").build(), s);
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.subject().deciding()).isEqualTo("1/3 seeds (3 needed), 2 undecided");
    }

    @Test
    void preconditionsAndTheAuthorsCode() {
        List<SeedOutcome> s = seeds(new double[] {1, 1, 1}, new double[] {-1, -1, -1}, new double[] {2, 2, 2});
        ClaimResult pre = ClaimJudge.judge(positive().control("b", "b")
                .precondition(w -> Criterion.above(w + ".x", 5)).build(), s);
        assertThat(pre.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(pre.why()).startsWith("the precondition failed");

        Claim code = Claim.that("code", "the authors' code keeps x positive").test(w -> Criterion.above(w + ".x", 0))
                .subject("b").authorsCodeOf("a").build();
        ClaimResult deviates = ClaimJudge.judge(code, s);
        assertThat(deviates.verdict()).isEqualTo(Verdict.CODE_DEVIATES);
        assertThat(deviates.why()).contains("the paper's form (a) passes the test and the authors' code (b) fails it");
        Claim agrees = Claim.that("code", "c").test(w -> Criterion.above(w + ".x", 0)).subject("c")
                .authorsCodeOf("a").build();
        assertThat(ClaimJudge.judge(agrees, s).verdict()).isEqualTo(Verdict.REPRODUCED);
    }

    @Test
    void aClaimMustNameItsControlOrSayWhyItHasNone() {
        assertThatThrownBy(() -> positive().build()).hasMessageContaining("name its negative control");
        assertThatThrownBy(() -> Claim.that("Bad", "x")).hasMessageContaining("must be lower-case");
        assertThat(positive().noControl("a rate has no baseline").build().controlWhy())
                .isEqualTo("a rate has no baseline");
    }

    @Test
    void verdictsCombineWithContradictionFirst() {
        assertThat(Verdict.allOf(List.of(Verdict.REPRODUCED, Verdict.CODE_DEVIATES))).isEqualTo(Verdict.CODE_DEVIATES);
        assertThat(Verdict.allOf(List.of(Verdict.INCONCLUSIVE, Verdict.CODE_DEVIATES))).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Verdict.allOf(List.of(Verdict.INCONCLUSIVE, Verdict.NOT_REPRODUCED)))
                .isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(Verdict.allOf(List.of(Verdict.REPRODUCED))).isEqualTo(Verdict.REPRODUCED);
    }
}
