package dev.gradus.lab;

import java.util.List;

/**
 * One paper as a runnable experiment: claims declared before the run, a trial that measures one seed, and a
 * summary that draws the plots over all seeds. The runner runs {@link #trial} once per seed of the
 * {@link #seeding}, decides every {@link Claim} over the seeds (each with its negative control), then calls
 * {@link #summarize}. A crash in one seed is that seed's failure, never the experiment's end.
 *
 * <p>To add an experiment: write one class implementing this interface with a public no-argument constructor,
 * and list it in {@code META-INF/services/dev.gradus.lab.Experiment} of its module; {@code gradus lab list} then
 * shows it. {@code gradus-lab/WRITING-EXPERIMENTS.md} walks through a complete example.
 *
 * <p>Rules: all randomness comes from {@link Trial#random(String)}, so the same seed gives the same numbers; the
 * quick preset of one experiment, all seeds included, takes about 15 s on a 2-core machine; claims, thresholds
 * and rules come from the paper and are stated in {@link #claims} before anything runs, never tuned to pass; the
 * baseline the paper argues against runs in the same trial and must fail the same test.
 */
public interface Experiment {

    /** A short, stable, lower-case id used on the command line and as the report's directory name. */
    String id();

    /** The paper's title. */
    String paper();

    /** The paper's authors, venue and year. */
    String reference();

    /** A link to the paper: {@code https://arxiv.org/abs/...} or {@code https://doi.org/...}. */
    String link();

    /** The paper's headline claim, in one sentence. */
    String claim();

    /** The first seed when the user gives none. */
    default long defaultSeed() {
        return 0L;
    }

    /** How many seeds the claims are decided over, or why one run is enough. */
    Seeding seeding();

    /** What the paper ran, what runs here, and why the difference is acceptable. */
    ScaleDown scaleDown();

    /**
     * The claims, with their tests, rules and controls, for the given preset. Called before any trial runs, so
     * nothing measured can change them.
     */
    List<Claim> claims(Preset preset);

    /**
     * Measures one seed: runs the method, the paper's baseline (the controls) and any authors'-code variant, and
     * records per-seed metrics named {@code subject.quantity} (the names the claims' tests read).
     *
     * @throws Exception on any failure; the runner records it as this seed's crash and goes on
     */
    void trial(Trial trial) throws Exception;

    /**
     * Writes the report's prose, plots and tables from all seeds' outcomes. Called once, after the claims are
     * decided; by default it does nothing.
     *
     * @throws Exception on any failure; the runner keeps the claims' verdicts and marks the experiment FAILED
     */
    default void summarize(ExperimentContext report, SeedResults seeds) throws Exception {}
}
