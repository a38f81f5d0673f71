package dev.gradus.lab;

/**
 * One paper claim as a runnable experiment: it measures, records curves, metrics and plots in its
 * {@link ExperimentContext}, and returns the verdict of a stated {@link Criterion} on those metrics.
 *
 * <p>To add an experiment: write one class implementing this interface and add one line to
 * {@link ExperimentRegistry}. A minimal one:
 *
 * <pre>{@code
 * public final class NewtonSqrt2 implements Experiment {
 *     public String id() { return "newton-sqrt2"; }
 *     public String paper() { return "Newton's method"; }
 *     public String reference() { return "I. Newton, De analysi, 1669"; }
 *     public String claim() { return "Newton's iteration for x^2 = 2 converges quadratically."; }
 *
 *     public Result run(ExperimentContext ctx) {
 *         int steps = ctx.preset() == Preset.QUICK ? 6 : 8;
 *         double x = 1;
 *         double[] error = new double[steps];
 *         for (int t = 0; t < steps; t++) {
 *             x = x - (x * x - 2) / (2 * x);
 *             error[t] = Math.abs(x - Math.sqrt(2));
 *         }
 *         ctx.setup("x0 = 1, " + steps + " Newton steps.");
 *         ctx.series("error", SeriesTable.of("error", error));
 *         ctx.plot("error", XYPlot.titled("|x_t - sqrt 2|").logY().line("newton", error));
 *         ctx.keyMetric("final_error", error[steps - 1]);
 *         return ctx.conclude(Criterion.below("final_error", 1e-15));
 *     }
 * }
 * }</pre>
 *
 * <p>Rules: all randomness comes from {@link ExperimentContext#random(String)}, so the same seed gives the same
 * numbers; the quick preset finishes within 60 s on a 2-core machine; the criterion comes from the paper or its
 * spec and is never tuned to pass; when a claim does not reproduce, the verdict says so and a
 * {@link ExperimentContext#note note} explains what was seen.
 */
public interface Experiment {

    /** A short, stable, lower-case id used on the command line and as the report's directory name. */
    String id();

    /** The paper's title. */
    String paper();

    /** The paper's authors, venue and year. */
    String reference();

    /** The claim under test, in one sentence. */
    String claim();

    /** The seed used when the user gives none. */
    default long defaultSeed() {
        return 0L;
    }

    /**
     * Runs the experiment at the context's preset and seed.
     *
     * @return {@link ExperimentContext#conclude(Criterion)} on the criterion that decides the claim
     * @throws Exception on any failure; the runner reports it as a failed experiment and goes on with the next
     */
    Result run(ExperimentContext ctx) throws Exception;
}
