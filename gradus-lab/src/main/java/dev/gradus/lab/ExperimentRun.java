package dev.gradus.lab;

import java.util.ArrayList;
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
 * @param link the paper's arXiv or DOI link (empty for a first-form experiment that has none yet)
 * @param claim the headline claim
 * @param preset the preset it ran at
 * @param seeding how its seeds were chosen, as stated
 * @param scaleDown what the paper ran, what ran here and why (null for a first-form experiment)
 * @param seeds the seeds it ran with, in order
 * @param verdict the overall verdict: all claims combined, {@link Verdict#FAILED} when it threw outside its seeds
 * @param claims each claim's verdict and how it was reached
 * @param seedOutcomes each seed's outcome (status, message, metrics)
 * @param criterion every claim's test in one line (a first-form experiment's criterion)
 * @param checks a first-form experiment's clauses with their measured values; empty otherwise
 * @param metrics the summary's metrics, in recording order (a first-form experiment's every metric)
 * @param keyMetrics the names of the metrics the summary shows
 * @param plots the plots' paths relative to the report directory
 * @param series the CSV files' paths relative to the report directory
 * @param setup paragraphs describing the setup
 * @param notes paragraphs of notes
 * @param seconds wall-clock time of the run
 * @param error the error's one-line description when it failed, else null
 * @param errorDetail the stack trace when it failed, else null
 */
public record ExperimentRun(String id, String paper, String reference, String link, String claim, Preset preset,
                            String seeding, ScaleDown scaleDown, List<Long> seeds, Verdict verdict,
                            List<ClaimResult> claims, List<SeedOutcome> seedOutcomes, String criterion,
                            List<Check> checks, Map<String, Double> metrics, List<String> keyMetrics,
                            List<String> plots, List<String> series, List<String> setup, List<String> notes,
                            double seconds, String error, String errorDetail) {
    /** Copies the collections, keeping the metrics' order. */
    public ExperimentRun {
        seeds = List.copyOf(seeds);
        claims = List.copyOf(claims);
        seedOutcomes = List.copyOf(seedOutcomes);
        checks = List.copyOf(checks);
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        keyMetrics = List.copyOf(keyMetrics);
        plots = List.copyOf(plots);
        series = List.copyOf(series);
        setup = List.copyOf(setup);
        notes = List.copyOf(notes);
    }

    /** The first seed (the one a first-form experiment ran with). */
    public long seed() {
        return seeds.isEmpty() ? 0 : seeds.get(0);
    }

    /** How many seeds ran to the end, were skipped and crashed, as {@code "5 ran"} or {@code "4 ran, 1 crashed"}. */
    public String seedTally() {
        int ran = 0;
        int skipped = 0;
        int crashed = 0;
        for (SeedOutcome o : seedOutcomes) {
            switch (o.status()) {
                case RAN -> ran++;
                case SKIPPED -> skipped++;
                case CRASHED -> crashed++;
            }
        }
        List<String> parts = new ArrayList<>();
        parts.add(ran + " ran");
        if (skipped > 0) {
            parts.add(skipped + " skipped");
        }
        if (crashed > 0) {
            parts.add(crashed + " crashed");
        }
        return String.join(", ", parts);
    }

    /** The console's one number: each claim's verdict and deciding number, or the key metrics. */
    public String keyNumbers() {
        StringBuilder sb = new StringBuilder();
        if (!claims.isEmpty()) {
            for (ClaimResult c : claims) {
                sb.append(sb.isEmpty() ? "" : "; ").append(c.id()).append(' ').append(c.verdict().label())
                        .append(" (").append(c.subject().deciding()).append(')');
            }
            return sb.toString();
        }
        for (String k : keyMetrics) {
            Double v = metrics.get(k);
            sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(v == null ? "?" : Format.number(v));
        }
        return sb.toString();
    }
}
