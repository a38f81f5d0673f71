/**
 * The lab: paper claims as experiments that measure, plot and decide a verdict, and the report they produce.
 *
 * <p>An {@link dev.gradus.lab.Experiment} records curves, metrics, plots and prose in its
 * {@link dev.gradus.lab.ExperimentContext} and returns the verdict of a declarative
 * {@link dev.gradus.lab.Criterion} on its metrics. The {@link dev.gradus.lab.ExperimentRegistry} lists every
 * experiment; the {@link dev.gradus.lab.LabRunner} runs them and writes {@code index.html}, {@code results.json}
 * and one directory of PNG and CSV files per experiment. The experiments themselves live in
 * {@code dev.gradus.lab.experiments}.
 */
package dev.gradus.lab;
