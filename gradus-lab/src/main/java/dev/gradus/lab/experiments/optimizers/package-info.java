/**
 * Experiments on the optimizer papers' own claims: FRUGAL's memory against GaLore and AdamW, AdaBelief on the paper's
 * 2-D toys.
 */
package dev.gradus.lab.experiments.optimizers;
