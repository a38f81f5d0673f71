package dev.gradus.lab;

import java.nio.file.Path;
import java.util.List;

/**
 * A finished lab run: what was run, with which settings, and where the report was written.
 *
 * @param gradusVersion the Gradus version that ran it
 * @param preset the preset every experiment ran at
 * @param seed the seed given for every experiment, or null when each ran with its own default seed
 * @param experiments one entry per experiment, in run order
 * @param seconds wall-clock time of the whole run
 * @param dir the report directory
 */
public record LabReport(String gradusVersion, Preset preset, Long seed, List<ExperimentRun> experiments,
                        double seconds, Path dir) {
    /** Copies the list. */
    public LabReport {
        experiments = List.copyOf(experiments);
    }

    /** The report's HTML page. */
    public Path index() {
        return dir.resolve("index.html");
    }

    /** The machine-readable results. */
    public Path resultsJson() {
        return dir.resolve("results.json");
    }

    /** How many experiments threw instead of reaching a verdict. */
    public long failures() {
        return experiments.stream().filter(r -> r.verdict() == Verdict.FAILED).count();
    }

    /** How many experiments ended with the given verdict. */
    public long count(Verdict verdict) {
        return experiments.stream().filter(r -> r.verdict() == verdict).count();
    }
}
