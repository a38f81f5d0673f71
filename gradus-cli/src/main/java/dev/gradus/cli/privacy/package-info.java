/**
 * {@code gradus privacy}: the privacy accountant on the command line ({@code epsilon} for a run's ε, {@code noise} for
 * the noise multiplier that meets a budget) and the one-run
 * empirical audit ({@code audit}). Private training itself is {@code gradus train --privacy SPEC}.
 */
package dev.gradus.cli.privacy;
