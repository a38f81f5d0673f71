/**
 * gradus-privacy: differentially private training on Gradus. {@link dev.gradus.privacy.DpSgdStep} is DP-SGD as a
 * {@link dev.gradus.train.TrainStep} (Poisson sampling, per-sample clipping, seeded Gaussian noise, the privacy ledger in
 * the checkpoint, the budget enforced before each step) and {@link dev.gradus.privacy.PrivacyEngine} the Opacus-like
 * one-liner that makes a trainer private. The accountants, the DP events they read and the noise calibration are in
 * {@code dev.gradus.privacy.accounting}.
 */
package dev.gradus.privacy;
