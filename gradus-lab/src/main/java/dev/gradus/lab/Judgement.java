package dev.gradus.lab;

import java.util.List;

/**
 * A claim's test applied to one subject over the seeds: each seed's checks, and the decision under the claim's
 * {@link Aggregate rule}.
 *
 * @param subject the subject tested
 * @param criterion the test's text for this subject
 * @param decision whether the test held over the seeds: {@link Verdict#REPRODUCED} (held),
 *     {@link Verdict#NOT_REPRODUCED} (did not) or {@link Verdict#INCONCLUSIVE} (could not decide)
 * @param deciding the deciding number, for example {@code "4/5 seeds (4 needed)"} or the median's measured value
 * @param seeds each seed's checks; for the median rule, the last entry holds the checks on the medians
 * @param medianChecks the checks on the medians (median rule), else empty
 */
public record Judgement(String subject, String criterion, Verdict decision, String deciding, List<SeedCheck> seeds,
                        List<Check> medianChecks) {
    /** Copies the lists. */
    public Judgement {
        seeds = List.copyOf(seeds);
        medianChecks = List.copyOf(medianChecks);
    }

    /** True when the test held over the seeds. */
    public boolean held() {
        return decision == Verdict.REPRODUCED;
    }

    /**
     * One seed's result under the test.
     *
     * @param seed the seed
     * @param verdict the seed's verdict: REPRODUCED (held), NOT_REPRODUCED (failed or crashed), INCONCLUSIVE
     * @param checks the clauses with their measured values (empty when the seed crashed)
     * @param note why the seed has no checks (it crashed), else empty
     */
    public record SeedCheck(long seed, Verdict verdict, List<Check> checks, String note) {
        /** Copies the list. */
        public SeedCheck {
            checks = List.copyOf(checks);
        }
    }
}
