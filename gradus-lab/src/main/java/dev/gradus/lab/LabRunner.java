package dev.gradus.lab;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs experiments one after another and writes the report: {@code index.html}, {@code results.json} and one
 * directory of plots and CSV files per experiment.
 *
 * <pre>{@code
 * LabReport report = LabRunner.to(Path.of("lab-report")).preset(Preset.QUICK).run(ExperimentRegistry.all());
 * }</pre>
 *
 * <p>For each experiment it takes the claims first, then runs one trial per seed (a trial that throws is that
 * seed's crash, recorded with its message), decides each claim over the seeds with {@link Claim}'s rules, and
 * finally lets the experiment summarise. An experiment whose claims or summary throw becomes a
 * {@link Verdict#FAILED} entry carrying the error, the claims decided so far and whatever it recorded; the run
 * goes on with the next one. Each experiment's directory is emptied before it runs, so a report
 * never mixes files from two runs.
 */
public final class LabRunner {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final Path dir;
    private Preset preset = Preset.QUICK;
    private Long seed;
    private Integer seeds;
    private LabListener listener = LabListener.NONE;

    private LabRunner(Path dir) {
        this.dir = dir;
    }

    /** A runner that writes its report into {@code dir} (created when missing). */
    public static LabRunner to(Path dir) {
        return new LabRunner(dir);
    }

    /** The preset for every experiment (default quick). */
    public LabRunner preset(Preset preset) {
        this.preset = preset;
        return this;
    }

    /**
     * The first seed for every experiment instead of each one's default; null restores the defaults. An
     * experiment over n seeds runs seeds {@code seed, seed + 1, ..., seed + n - 1}.
     */
    public LabRunner seed(Long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * The number of seeds for every stochastic experiment instead of each one's own count for the preset; null
     * restores the counts. Deterministic experiments run once and say so.
     *
     * @throws IllegalArgumentException when {@code seeds} is below 1
     */
    public LabRunner seeds(Integer seeds) {
        if (seeds != null && seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        }
        this.seeds = seeds;
        return this;
    }

    /** Who hears about progress (default: nobody). */
    public LabRunner listener(LabListener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * Runs the experiments in order and writes the report.
     *
     * @throws IllegalArgumentException when an id is malformed or appears twice
     * @throws IOException when the report cannot be written
     */
    public LabReport run(List<? extends Experiment> experiments) throws IOException {
        Set<String> ids = new HashSet<>();
        for (Experiment e : experiments) {
            if (e.id() == null || !ID.matcher(e.id()).matches()) {
                throw new IllegalArgumentException("experiment id '" + e.id()
                        + "' must be lower-case letters, digits and '-' (it names a directory and an HTML anchor)");
            }
            if (!ids.add(e.id())) {
                throw new IllegalArgumentException("experiment id '" + e.id() + "' appears twice");
            }
        }
        Files.createDirectories(dir);
        Provenance provenance = Provenance.current();
        long start = System.nanoTime();
        List<ExperimentRun> runs = new ArrayList<>();
        for (int i = 0; i < experiments.size(); i++) {
            Experiment e = experiments.get(i);
            listener.started(e, i, experiments.size());
            ExperimentRun run = runOne(e);
            runs.add(run);
            listener.finished(run, i, experiments.size());
        }
        LabReport report = new LabReport(provenance, preset, seed, seeds, runs, (System.nanoTime() - start) / 1e9,
                dir);
        ResultsJson.write(report, report.resultsJson());
        HtmlReport.write(report, report.index());
        return report;
    }

    private ExperimentRun runOne(Experiment e) throws IOException {
        Path expDir = dir.resolve(e.id());
        deleteRecursively(expDir);
        Files.createDirectories(expDir);
        long base = seed != null ? seed : e.defaultSeed();
        ExperimentContext.Progress progress = (message, fraction) -> listener.progress(e, message, fraction);
        ExperimentContext ctx = new ExperimentContext(e.id(), preset, base, expDir, progress);
        return runSeeded(e, ctx, base, progress);
    }

    /** Declares the claims, runs one trial per seed, decides the claims, then lets the experiment summarise. */
    private ExperimentRun runSeeded(Experiment e, ExperimentContext ctx, long base, ExperimentContext.Progress progress) {
        long t0 = System.nanoTime();
        Seeding seeding = e.seeding();
        int n = seeding.count(preset, seeds);
        List<Long> seedList = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seedList.add(base + i);
        }
        Throwable error = null;
        List<Claim> claims = List.of();
        try {
            claims = e.claims(preset);
            validate(e, claims);
        } catch (RuntimeException x) {
            error = x;
        }
        List<SeedOutcome> outcomes = new ArrayList<>();
        List<ClaimResult> results = new ArrayList<>();
        if (error == null) {
            for (int i = 0; i < n; i++) {
                Trial trial = new Trial(preset, seedList.get(i), i, n, progress);
                long s0 = System.nanoTime();
                SeedOutcome o;
                try {
                    e.trial(trial);
                    o = trial.finish(SeedOutcome.Status.RAN, "", (System.nanoTime() - s0) / 1e9);
                } catch (Exception | AssertionError | StackOverflowError | LinkageError x) {
                    // A crash is this seed's failure: it counts against the claims, and the other seeds still run.
                    o = trial.finish(SeedOutcome.Status.CRASHED, describe(x), (System.nanoTime() - s0) / 1e9);
                }
                outcomes.add(o);
            }
            for (Claim c : claims) {
                results.add(ClaimJudge.judge(c, outcomes));
            }
            if (seeding.deterministic() && seeds != null) {
                ctx.note("--seeds " + seeds + " does not apply: this experiment is deterministic ("
                        + seeding.why() + "), so it ran once.");
            }
            try {
                e.summarize(ctx, new SeedResults(outcomes));
            } catch (Exception | AssertionError | StackOverflowError | LinkageError x) {
                error = x;
            }
        }
        List<Verdict> verdicts = new ArrayList<>();
        StringBuilder criterion = new StringBuilder();
        for (ClaimResult r : results) {
            verdicts.add(r.verdict());
            criterion.append(criterion.isEmpty() ? "" : "; ").append(r.id()).append(": ")
                    .append(r.subject().criterion()).append(' ').append(r.rule());
        }
        Verdict verdict = error != null ? Verdict.FAILED : Verdict.allOf(verdicts);
        return new ExperimentRun(e.id(), e.paper(), e.reference(), e.link(), e.claim(), preset, seeding.describe(),
                e.scaleDown(), seedList, verdict, results, outcomes, criterion.toString(), List.of(), ctx.metrics(),
                ctx.keyMetrics(), ctx.plots(), ctx.seriesFiles(), ctx.setupParagraphs(), ctx.noteParagraphs(),
                (System.nanoTime() - t0) / 1e9, error == null ? null : describe(error),
                error == null ? null : stackTrace(error));
    }

    private static void validate(Experiment e, List<Claim> claims) {
        if (claims == null || claims.isEmpty()) {
            throw new IllegalStateException(e.id() + ": claims() declared no claim; an experiment decides at least one");
        }
        Set<String> ids = new HashSet<>();
        for (Claim c : claims) {
            if (!ids.add(c.id())) {
                throw new IllegalStateException(e.id() + ": claim id '" + c.id() + "' appears twice");
            }
        }
        if (e.scaleDown() == null) {
            throw new IllegalStateException(e.id() + ": scaleDown() is null; state what the paper ran and what runs here");
        }
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
