/**
 * Data-regularised environment design (DRED-lite, 06-rl.md §5) on the maze gridworld: a generative level model fitted
 * to the training levels ({@link dev.gradus.rl.dred.BernoulliMixture}), the uniform, PLR and DRED curricula
 * ({@link dev.gradus.rl.dred.LevelSampler}), PPO with a shared encoder over a curriculum and the zero-shot transfer
 * measurement on held-out levels ({@link dev.gradus.rl.dred.LevelReplay}).
 */
package dev.gradus.rl.dred;
