package dev.gradus.lab;

import dev.gradus.plot.Plot;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an experiment sees while it runs: its preset and seed, and the places where it records what it measured.
 * Curves go to CSV files ({@link #series}), plots to PNG files ({@link #plot}), both in the experiment's own
 * directory of the report; scalar metrics ({@link #metric}) feed the criterion and the report's tables; setup and
 * notes are the report's prose. An experiment's {@link Experiment#summarize summary} writes into it after the
 * claims are decided.
 *
 * <p>One context serves one run of one experiment, on one thread.
 */
public final class ExperimentContext {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final String id;
    private final Preset preset;
    private final long seed;
    private final Path dir;
    private final Progress progress;
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Set<String> keys = new LinkedHashSet<>();
    private final List<String> plots = new ArrayList<>();
    private final List<String> series = new ArrayList<>();
    private final List<String> setup = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** Receives progress messages; the runner forwards them to its {@link LabListener}. */
    interface Progress {
        void report(String message, double fraction);
    }

    ExperimentContext(String id, Preset preset, long seed, Path dir, Progress progress) {
        this.id = id;
        this.preset = preset;
        this.seed = seed;
        this.dir = dir;
        this.progress = progress;
    }

    /** The size of this run. */
    public Preset preset() {
        return preset;
    }

    /** True for the quick preset. */
    public boolean quick() {
        return preset == Preset.QUICK;
    }

    /** The seed of this run. */
    public long seed() {
        return seed;
    }

    /**
     * An independent random stream for one purpose ("data", "init", ...), derived from the seed and the name
     * alone: asking for a new purpose never shifts the numbers other purposes see.
     */
    public RandomStream random(String purpose) {
        return RandomStream.of(seed).fork(purpose);
    }

    /** Adds a paragraph to the setup: what was run, at which sizes and settings. */
    public void setup(String paragraph) {
        setup.add(paragraph);
    }

    /** Adds a paragraph to the notes: what was seen, caveats, deviations from the paper. */
    public void note(String paragraph) {
        notes.add(paragraph);
    }

    /**
     * Records a scalar measurement under a unique name and returns it.
     *
     * @throws IllegalArgumentException when the name is blank or already recorded
     */
    public double metric(String name, double value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(id + ": a metric needs a name");
        }
        if (metrics.containsKey(name)) {
            throw new IllegalArgumentException(id + ": metric '" + name + "' is already recorded");
        }
        metrics.put(name, value);
        return value;
    }

    /** Records a metric that the summary shows; the first key metric is the one number the console prints. */
    public double keyMetric(String name, double value) {
        metric(name, value);
        keys.add(name);
        return value;
    }

    /** Writes a table of curves as {@code <name>.csv} in this experiment's directory. */
    public void series(String name, SeriesTable table) {
        String file = fileName("series", name, series, ".csv");
        write(dir.resolve(file), table.toCsv().getBytes(StandardCharsets.UTF_8));
        series.add(id + "/" + file);
    }

    /** Draws a plot as {@code <name>.png} in this experiment's directory. */
    public void plot(String name, Plot plot) {
        String file = fileName("plot", name, plots, ".png");
        try {
            plot.writePng(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(id + ": cannot write plot " + dir.resolve(file) + ": " + e.getMessage(), e);
        }
        plots.add(id + "/" + file);
    }

    /** Tells the user what the experiment is doing now. */
    public void progress(String message) {
        progress.report(message, Double.NaN);
    }

    /** Tells the user what the experiment is doing now and how far along it is, as a fraction in [0, 1]. */
    public void progress(String message, double fraction) {
        progress.report(message, fraction);
    }

    Map<String, Double> metrics() {
        return Collections.unmodifiableMap(metrics);
    }

    List<String> keyMetrics() {
        return List.copyOf(keys);
    }

    List<String> plots() {
        return List.copyOf(plots);
    }

    List<String> seriesFiles() {
        return List.copyOf(series);
    }

    List<String> setupParagraphs() {
        return List.copyOf(setup);
    }

    List<String> noteParagraphs() {
        return List.copyOf(notes);
    }

    /** Checks that {@code name} makes a safe file name and that no earlier file of this kind has it. */
    private String fileName(String what, String name, List<String> written, String extension) {
        if (name == null || !FILE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(id + ": " + what + " name '" + name
                    + "' must be letters, digits, '.', '_' or '-' (it becomes a file name)");
        }
        String file = name + extension;
        if (written.contains(id + "/" + file)) {
            throw new IllegalArgumentException(id + ": " + what + " '" + name + "' is already written");
        }
        return file;
    }

    private static void write(Path file, byte[] bytes) {
        try {
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
