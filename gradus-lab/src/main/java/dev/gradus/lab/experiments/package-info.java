/**
 * One class per reproduced paper claim, each an {@link dev.gradus.lab.Experiment}, with the few helpers that
 * implement its algorithm as the paper writes it. Specs: {@code 05-theory-lab.md} and {@code 01-optimizers.md}
 * of the project's paper digests; each class cites its section.
 */
package dev.gradus.lab.experiments;
