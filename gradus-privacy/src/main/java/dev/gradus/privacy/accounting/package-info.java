/**
 * Privacy accounting: {@link dev.gradus.privacy.accounting.DpEvent} describes what was released (in the manner of Google's
 * dp_accounting events), {@link dev.gradus.privacy.accounting.RdpAccountant} evaluates an event to (epsilon, delta) with
 * the Renyi DP of the sampled Gaussian mechanism (Mironov, Talwar &amp; Zhang 2019) and either conversion,
 * {@link dev.gradus.privacy.accounting.NoiseCalibration} finds the noise multiplier for a target epsilon, and
 * {@link dev.gradus.privacy.accounting.PrivacyLedger} is the history of a training run as a state leaf, so it is saved
 * in checkpoints.
 */
package dev.gradus.privacy.accounting;
