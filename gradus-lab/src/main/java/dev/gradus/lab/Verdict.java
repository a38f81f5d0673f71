package dev.gradus.lab;

/** What a claim, or an experiment as a whole, says about its paper. */
public enum Verdict {
    /** The measurements meet the criterion over the seeds, and the negative control fails the same test. */
    REPRODUCED,
    /** The measurements contradict the criterion. */
    NOT_REPRODUCED,
    /**
     * The run cannot decide: a metric is missing or not finite, a precondition of the test failed, too few seeds
     * ran, or the negative control passes the same test (so the test does not tell the methods apart).
     */
    INCONCLUSIVE,
    /**
     * The paper's form of the method meets the criterion but the authors' reference code does not: the code
     * departs from the paper, shown by running both.
     */
    CODE_DEVIATES,
    /** The experiment threw outside its seeds (in its setup or its summary); set by the runner only. */
    FAILED;

    /** The verdict's name as the report prints it: {@code NOT REPRODUCED}. */
    public String label() {
        return name().replace('_', ' ');
    }

    /**
     * Combines the verdicts of clauses or claims that must all hold: a contradiction or a failure wins, then any
     * doubt, then a code deviation.
     */
    static Verdict allOf(Iterable<Verdict> verdicts) {
        boolean doubt = false;
        boolean deviates = false;
        boolean any = false;
        for (Verdict v : verdicts) {
            any = true;
            if (v == NOT_REPRODUCED || v == FAILED) {
                return NOT_REPRODUCED;
            }
            doubt |= v == INCONCLUSIVE;
            deviates |= v == CODE_DEVIATES;
        }
        if (!any) {
            return INCONCLUSIVE;
        }
        return doubt ? INCONCLUSIVE : deviates ? CODE_DEVIATES : REPRODUCED;
    }
}
