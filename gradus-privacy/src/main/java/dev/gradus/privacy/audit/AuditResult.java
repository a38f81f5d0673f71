package dev.gradus.privacy.audit;

/**
 * The outcome of a one-run audit.
 *
 * @param canaries m, the canaries inserted (each included with probability 1/2)
 * @param guesses r, the canaries guessed (the highest scores "in", the lowest "out"); the rest abstain
 * @param correct v, the correct guesses
 * @param epsilonLowerBound the ε that the run provably exceeds with probability at least {@code confidence} if its
 *     guesses were this good (0 when they are no better than chance)
 * @param confidence 1 − β
 * @param claimedEpsilon the ε the accountant reports for the run
 */
public record AuditResult(int canaries, int guesses, int correct, double epsilonLowerBound, double confidence,
                          double claimedEpsilon) {
    /** Whether the lower bound exceeds the claim: the run is not as private as it says. */
    public boolean violated() {
        return epsilonLowerBound > claimedEpsilon;
    }
}
