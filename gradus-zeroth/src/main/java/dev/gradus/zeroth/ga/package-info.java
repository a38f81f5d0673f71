/** The Deep GA: truncation selection, Gaussian mutation, and genomes stored as chains of random seeds. */
package dev.gradus.zeroth.ga;
