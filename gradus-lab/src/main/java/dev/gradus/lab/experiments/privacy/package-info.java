/**
 * Lab experiments of differential privacy: the accountant against its reference values, DiceSGD's removal of the
 * clipping bias, DIFF2 against DP-GD at equal privacy, the one-run audit with its broken control, and DP-SGD's
 * accuracy against epsilon on mnist10k.
 */
package dev.gradus.lab.experiments.privacy;
