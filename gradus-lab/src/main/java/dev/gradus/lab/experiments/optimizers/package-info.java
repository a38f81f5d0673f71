/**
 * Experiments on the optimizer papers' own claims: FRUGAL's memory against GaLore and AdamW.
 */
package dev.gradus.lab.experiments.optimizers;
