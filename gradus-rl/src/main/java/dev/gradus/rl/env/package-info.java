/**
 * Environments with Gym's interface ({@link dev.gradus.rl.env.Environment}: {@code reset(seed)}, {@code step(action)}
 * returning observation, reward, terminated, truncated and info): the classic-control tasks from Gym's equations
 * ({@link dev.gradus.rl.env.CartPole}, {@link dev.gradus.rl.env.MountainCar},
 * {@link dev.gradus.rl.env.ContinuousMountainCar}, {@link dev.gradus.rl.env.Acrobot}, {@link dev.gradus.rl.env.Pendulum}),
 * the LQR with its exact evaluator ({@link dev.gradus.rl.env.Lqr}), tabular MDPs with exact dynamic programming
 * ({@link dev.gradus.rl.env.TabularMdp}, {@link dev.gradus.rl.env.TabularEnv}), the maze gridworld whose levels come from
 * a parameterised generator ({@link dev.gradus.rl.env.MazeEnv}, {@link dev.gradus.rl.env.LevelGenerator}); batches
 * ({@link dev.gradus.rl.env.VectorEnv}, the fast {@link dev.gradus.rl.env.CartPoleVector}); and the offline data-set
 * format ({@link dev.gradus.rl.env.OfflineDataset}). Each environment is a spec of the {@code env} family
 * ({@link dev.gradus.rl.env.EnvFactory}).
 */
package dev.gradus.rl.env;
