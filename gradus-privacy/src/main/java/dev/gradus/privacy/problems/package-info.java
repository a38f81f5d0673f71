/**
 * The small problems on which the privacy papers' claims are checked, shared by the module's tests, the lab
 * experiments and benchmarks: {@link dev.gradus.privacy.problems.SkewedMean} (clipping bias, DiceSGD) and
 * {@link dev.gradus.privacy.problems.LeastSquares} (DIFF2 against DP-GD). Their per-example gradients are closed-form.
 */
package dev.gradus.privacy.problems;
