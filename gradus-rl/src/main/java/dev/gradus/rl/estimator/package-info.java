/**
 * Policy-gradient estimators from sampled trajectories: REINFORCE and GPOMDP ({@link dev.gradus.rl.estimator.Estimator}),
 * whose score functions come from autodiff, and the HAPG Hessian-vector estimator B v
 * ({@link dev.gradus.rl.estimator.HessianEstimator}); {@link dev.gradus.rl.estimator.Trajectory} samples an episode.
 */
package dev.gradus.rl.estimator;
