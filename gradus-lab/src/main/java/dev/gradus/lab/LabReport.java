package dev.gradus.lab;

import java.nio.file.Path;
import java.util.List;

/**
 * A finished lab run: what was run, with which settings, where it came from, and where the report was written.
 *
 * @param provenance the version, commit, JVM, BLAS, OS and date of the run
 * @param preset the preset every experiment ran at
 * @param seed the first seed given for every experiment, or null when each ran from its own default seed
 * @param seeds the number of seeds given for every stochastic experiment, or null for each one's own count
 * @param experiments one entry per experiment, in run order
 * @param seconds wall-clock time of the whole run
 * @param dir the report directory
 */
public record LabReport(Provenance provenance, Preset preset, Long seed, Integer seeds,
                        List<ExperimentRun> experiments, double seconds, Path dir) {
    /** Copies the list. */
    public LabReport {
        experiments = List.copyOf(experiments);
    }

    /** The Gradus version that ran it. */
    public String gradusVersion() {
        return provenance.version();
    }

    /** The report's HTML page. */
    public Path index() {
        return dir.resolve("index.html");
    }

    /** The machine-readable results. */
    public Path resultsJson() {
        return dir.resolve("results.json");
    }

    /** How many experiments threw outside their seeds instead of reaching a verdict. */
    public long failures() {
        return experiments.stream().filter(r -> r.verdict() == Verdict.FAILED).count();
    }

    /** How many experiments ended with the given verdict. */
    public long count(Verdict verdict) {
        return experiments.stream().filter(r -> r.verdict() == verdict).count();
    }
}
