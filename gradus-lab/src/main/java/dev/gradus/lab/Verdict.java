package dev.gradus.lab;

/** What a run of an experiment says about its paper's claim. */
public enum Verdict {
    /** The measurements meet the criterion. */
    REPRODUCED,
    /** The measurements contradict the criterion. */
    NOT_REPRODUCED,
    /** The measurements cannot decide: a metric is missing or not finite, or a precondition of the test failed. */
    INCONCLUSIVE,
    /** The experiment threw before it reached a verdict; set by the runner, never by a criterion. */
    FAILED;

    /** Combines the verdicts of clauses that must all hold: any contradiction wins, then any doubt. */
    static Verdict allOf(Iterable<Verdict> verdicts) {
        boolean doubt = false;
        for (Verdict v : verdicts) {
            if (v == NOT_REPRODUCED || v == FAILED) {
                return NOT_REPRODUCED;
            }
            doubt |= v == INCONCLUSIVE;
        }
        return doubt ? INCONCLUSIVE : REPRODUCED;
    }
}
