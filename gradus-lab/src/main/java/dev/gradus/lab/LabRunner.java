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
import java.util.Map;
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
 * <p>An experiment that throws becomes a {@link Verdict#FAILED} entry carrying the error and whatever it recorded
 * before; the run goes on with the next one. Each experiment's directory is emptied before it runs, so a report
 * never mixes files from two runs.
 */
public final class LabRunner {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final Path dir;
    private Preset preset = Preset.QUICK;
    private Long seed;
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

    /** One seed for every experiment instead of each one's default; null restores the defaults. */
    public LabRunner seed(Long seed) {
        this.seed = seed;
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
        long start = System.nanoTime();
        List<ExperimentRun> runs = new ArrayList<>();
        for (int i = 0; i < experiments.size(); i++) {
            Experiment e = experiments.get(i);
            listener.started(e, i, experiments.size());
            ExperimentRun run = runOne(e);
            runs.add(run);
            listener.finished(run, i, experiments.size());
        }
        LabReport report = new LabReport(GradusVersion.get(), preset, seed, runs,
                (System.nanoTime() - start) / 1e9, dir);
        ResultsJson.write(report, report.resultsJson());
        HtmlReport.write(report, report.index());
        return report;
    }

    private ExperimentRun runOne(Experiment e) throws IOException {
        Path expDir = dir.resolve(e.id());
        deleteRecursively(expDir);
        Files.createDirectories(expDir);
        long s = seed != null ? seed : e.defaultSeed();
        ExperimentContext ctx = new ExperimentContext(e.id(), preset, s, expDir,
                (message, fraction) -> listener.progress(e, message, fraction));
        long t0 = System.nanoTime();
        Result result = null;
        Throwable error = null;
        try {
            result = e.run(ctx);
            if (result == null) {
                throw new IllegalStateException(e.id() + ": run() returned no result; return ctx.conclude(criterion)");
            }
        } catch (Exception | AssertionError | StackOverflowError | LinkageError x) {
            // One broken experiment must not sink the whole report: it becomes a failed row.
            error = x;
            result = null;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Verdict verdict = error != null ? Verdict.FAILED : result.verdict();
        String criterion = result != null ? result.criterion() : "";
        List<Check> checks = result != null ? result.checks() : List.of();
        Map<String, Double> metrics = ctx.metrics();
        return new ExperimentRun(e.id(), e.paper(), e.reference(), e.claim(), preset, s, verdict, criterion, checks,
                metrics, ctx.keyMetrics(), ctx.plots(), ctx.seriesFiles(), ctx.setupParagraphs(),
                ctx.noteParagraphs(), seconds, error == null ? null : describe(error),
                error == null ? null : stackTrace(error));
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
