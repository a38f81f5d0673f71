package dev.gradus.lab;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one seed's trial produced.
 *
 * @param seed the seed
 * @param status whether it ran, was skipped by the experiment, or crashed
 * @param message why it was skipped, or the crash's one-line description; empty when it ran
 * @param metrics the metrics the trial recorded, in recording order (also those recorded before a crash)
 * @param curves the curves the trial kept for the summary
 * @param notes the trial's notes
 * @param seconds wall-clock time of the trial
 */
public record SeedOutcome(long seed, Status status, String message, Map<String, Double> metrics,
                          Map<String, double[]> curves, List<String> notes, double seconds) {

    /** How a trial ended. */
    public enum Status {
        /** It ran to the end. */
        RAN,
        /** The experiment skipped it with a reason (a diverged run); it counts for no claim. */
        SKIPPED,
        /** It threw; it counts as a failure of every claim's subject. */
        CRASHED
    }

    /** Copies the collections, keeping their order. */
    public SeedOutcome {
        message = message == null ? "" : message;
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        curves = Collections.unmodifiableMap(new LinkedHashMap<>(curves));
        notes = List.copyOf(notes);
    }

    /** True when the trial ran to the end. */
    public boolean ran() {
        return status == Status.RAN;
    }
}
