package dev.gradus.lab;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run of one experiment produced: one row of the summary and one section of the report.
 *
 * @param id the experiment's id
 * @param paper the paper's title
 * @param reference the paper's authors, venue and year
 * @param claim the claim under test
 * @param preset the preset it ran at
 * @param seed the seed it ran with
 * @param verdict the verdict, {@link Verdict#FAILED} when it threw
 * @param criterion the criterion's text (empty when it failed before concluding)
 * @param checks the criterion's clauses with their measured values and verdicts
 * @param metrics every recorded metric, in recording order
 * @param keyMetrics the names of the metrics the summary shows
 * @param plots the plots' paths relative to the report directory
 * @param series the CSV files' paths relative to the report directory
 * @param setup paragraphs describing the setup
 * @param notes paragraphs of notes
 * @param seconds wall-clock time of the run
 * @param error the error's one-line description when it failed, else null
 * @param errorDetail the stack trace when it failed, else null
 */
public record ExperimentRun(String id, String paper, String reference, String claim, Preset preset, long seed,
                            Verdict verdict, String criterion, List<Check> checks, Map<String, Double> metrics,
                            List<String> keyMetrics, List<String> plots, List<String> series, List<String> setup,
                            List<String> notes, double seconds, String error, String errorDetail) {
    /** Copies the collections, keeping the metrics' order. */
    public ExperimentRun {
        checks = List.copyOf(checks);
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        keyMetrics = List.copyOf(keyMetrics);
        plots = List.copyOf(plots);
        series = List.copyOf(series);
        setup = List.copyOf(setup);
        notes = List.copyOf(notes);
    }

    /** The key metrics as {@code name=value}, comma-separated, for the console. */
    public String keyNumbers() {
        StringBuilder sb = new StringBuilder();
        for (String k : keyMetrics) {
            Double v = metrics.get(k);
            sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(v == null ? "?" : Format.number(v));
        }
        return sb.toString();
    }
}
