/**
 * Privacy accounting: {@link dev.gradus.privacy.accounting.DpEvent} describes what was released (in the manner of Google's
 * dp_accounting events), {@link dev.gradus.privacy.accounting.RdpAccountant} evaluates an event to (epsilon, delta) with
 * the Renyi DP of the sampled Gaussian mechanism (Mironov, Talwar &amp; Zhang 2019) and either conversion,
 * {@link dev.gradus.privacy.accounting.PrvAccountant} evaluates the same events by composing their privacy-loss
 * distributions with an FFT (Gopi, Lee &amp; Wutschitz 2021), tighter and with a proven error bound
 * ({@link dev.gradus.privacy.accounting.PrvBound}), {@link dev.gradus.privacy.accounting.AnalyticGaussian} is the exact
 * curve of the Gaussian mechanism (Balle &amp; Wang 2018) both are checked against,
 * {@link dev.gradus.privacy.accounting.NoiseCalibration} finds the noise multiplier for a target epsilon, and
 * {@link dev.gradus.privacy.accounting.PrivacyLedger} is the history of a training run as a state leaf, so it is saved
 * in checkpoints.
 */
package dev.gradus.privacy.accounting;
