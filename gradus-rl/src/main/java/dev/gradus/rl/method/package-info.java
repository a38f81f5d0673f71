/**
 * Reinforcement-learning methods as specs of the {@code rl_algorithm} family: policy gradient with any optimizer
 * driven through the step context ({@link dev.gradus.rl.method.PolicyGradient}: REINFORCE/GPOMDP gradients and HAPG
 * HVPs at any point, so N-PG-IGT and N-HARPG run as ordinary optimizers), PPO with GAE
 * ({@link dev.gradus.rl.method.Ppo}), on-policy MDPO ({@link dev.gradus.rl.method.Mdpo}) and its exact tabular
 * reference ({@link dev.gradus.rl.method.TabularMirrorDescent}).
 */
package dev.gradus.rl.method;
