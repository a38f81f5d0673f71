/**
 * Stochastic policies whose parameters are a module's: {@link dev.gradus.rl.policy.SoftmaxPolicy} over linear or MLP
 * logits, {@link dev.gradus.rl.policy.GaussianPolicy} with fixed σ (linear-Gaussian) or learned log σ; log-densities,
 * entropies and KL divergences are autodiff graphs. {@link dev.gradus.rl.policy.PolicyFactory} is the {@code policy}
 * spec family.
 */
package dev.gradus.rl.policy;
