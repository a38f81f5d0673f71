/**
 * Critics and their losses: the {@code critic} spec family ({@link dev.gradus.rl.critic.CriticLoss}: MSE, heteroscedastic
 * Gaussian NLL, and the generalized-Gaussian TD error with a shape head), log Γ and digamma as autodiff ops
 * ({@link dev.gradus.rl.critic.GammaFunctions}), and the TD(0) prediction test bed with exact values
 * ({@link dev.gradus.rl.critic.TdPrediction}).
 */
package dev.gradus.rl.critic;
