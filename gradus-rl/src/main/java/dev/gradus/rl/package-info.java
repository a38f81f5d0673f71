/**
 * gradus-rl: reinforcement learning on Gradus. {@link dev.gradus.rl.Learner} is a running method and
 * {@link dev.gradus.rl.RlAlgorithm} the {@code rl_algorithm} spec family; {@link dev.gradus.rl.RlTraining} runs one to a
 * step budget with checkpoints that resume bit for bit. Environments are in {@code dev.gradus.rl.env}, policies in
 * {@code dev.gradus.rl.policy}, estimators in {@code dev.gradus.rl.estimator}, methods in {@code dev.gradus.rl.method},
 * critics in {@code dev.gradus.rl.critic}, DICE in {@code dev.gradus.rl.dice} and level replay in {@code dev.gradus.rl.dred}.
 */
package dev.gradus.rl;
