/**
 * The lab: paper claims as experiments decided over seeds against negative controls, and the report they produce.
 *
 * <p>An {@link dev.gradus.lab.Experiment} declares its {@link dev.gradus.lab.Claim claims} before it runs, runs one
 * {@link dev.gradus.lab.Trial trial} per seed of its {@link dev.gradus.lab.Seeding}, and summarises them into plots
 * and prose in an {@link dev.gradus.lab.ExperimentContext}. The {@link dev.gradus.lab.LabRunner} decides each claim
 * over the seeds (the subject must pass its test and the control, the baseline the paper argues against, must fail
 * it), then writes {@code index.html}, {@code results.json} (with the run's {@link dev.gradus.lab.Provenance}) and
 * one directory of PNG and CSV files per experiment. The {@link dev.gradus.lab.ExperimentRegistry} finds the
 * experiments through {@link java.util.ServiceLoader}; the lab's own live in {@code dev.gradus.lab.experiments}.
 * {@code gradus-lab/WRITING-EXPERIMENTS.md} is the guide.
 */
package dev.gradus.lab;
