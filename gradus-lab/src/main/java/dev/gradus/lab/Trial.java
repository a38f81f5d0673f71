package dev.gradus.lab;

import dev.gradus.tensor.RandomStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an experiment's trial sees for one seed: the preset, the seed, its random streams, and the places where it
 * records what it measured. Metrics feed the claims; curves are kept for the experiment's
 * {@link Experiment#summarize summary}, which draws the plots.
 *
 * <p>One trial serves one seed on one thread.
 */
public final class Trial {
    private final Preset preset;
    private final long seed;
    private final int index;
    private final int count;
    private final ExperimentContext.Progress progress;
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Map<String, double[]> curves = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private String skipped;

    Trial(Preset preset, long seed, int index, int count, ExperimentContext.Progress progress) {
        this.preset = preset;
        this.seed = seed;
        this.index = index;
        this.count = count;
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

    /** This trial's seed. */
    public long seed() {
        return seed;
    }

    /** This trial's position among the seeds, from 0. */
    public int index() {
        return index;
    }

    /** How many seeds the experiment runs. */
    public int seeds() {
        return count;
    }

    /**
     * An independent random stream for one purpose ("data", "init", ...), derived from this trial's seed and the
     * name alone: asking for a new purpose never shifts the numbers other purposes see.
     */
    public RandomStream random(String purpose) {
        return RandomStream.of(seed).fork(purpose);
    }

    /**
     * Records a scalar measurement under a unique name (by convention {@code subject.quantity}) and returns it.
     *
     * @throws IllegalArgumentException when the name is blank or already recorded
     */
    public double metric(String name, double value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a metric needs a name");
        }
        if (metrics.containsKey(name)) {
            throw new IllegalArgumentException("metric '" + name + "' is already recorded for seed " + seed);
        }
        metrics.put(name, value);
        return value;
    }

    /** Keeps a curve (copied) for the summary's plots and tables. */
    public void curve(String name, double[] values) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a curve needs a name");
        }
        if (curves.containsKey(name)) {
            throw new IllegalArgumentException("curve '" + name + "' is already kept for seed " + seed);
        }
        curves.put(name, values.clone());
    }

    /** A note about this seed only (shown in the report's per-seed table). */
    public void note(String text) {
        notes.add(text);
    }

    /**
     * Marks this seed as skipped, for example because a run diverged and the quantity the claim is about is not
     * defined; the trial should return after calling this. Skipped seeds count for no claim, and the report
     * lists them with the reason.
     */
    public void skip(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Trial.skip: give the reason");
        }
        skipped = reason;
    }

    /** Tells the user what the trial is doing now. */
    public void progress(String message) {
        progress(message, Double.NaN);
    }

    /** Tells the user what the trial is doing now and how far along this seed is, as a fraction in [0, 1]. */
    public void progress(String message, double fraction) {
        double overall = Double.isNaN(fraction) ? Double.NaN : (index + Math.min(1, Math.max(0, fraction))) / count;
        progress.report("seed " + (index + 1) + "/" + count + ": " + message, overall);
    }

    SeedOutcome finish(SeedOutcome.Status status, String message, double seconds) {
        SeedOutcome.Status s = status == SeedOutcome.Status.RAN && skipped != null ? SeedOutcome.Status.SKIPPED : status;
        String m = s == SeedOutcome.Status.SKIPPED ? skipped : message;
        return new SeedOutcome(seed, s, m, metrics, curves, notes, seconds);
    }
}
