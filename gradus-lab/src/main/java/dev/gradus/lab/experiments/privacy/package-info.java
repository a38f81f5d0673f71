/**
 * Lab experiments of differential privacy: the accountant against its reference values, DiceSGD's removal of the
 * clipping bias, DIFF2 against DP-GD at equal privacy, and the one-run audit with its broken control.
 */
package dev.gradus.lab.experiments.privacy;
