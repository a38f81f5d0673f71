/**
 * Derivative-free optimization behind one ask/tell interface.
 *
 * <p>A {@link dev.gradus.zeroth.AskTell} method proposes a batch of candidates ({@code ask}), the caller evaluates
 * them anywhere it likes (in process, on threads with {@link dev.gradus.zeroth.Evaluator}, on a cluster) and hands
 * back their values by row ({@code tell}). Everything a method keeps (population, step sizes, covariance, random
 * stream positions, the best point so far) is an {@link dev.gradus.optim.OptState} record of
 * {@link dev.gradus.tensor.StateLeaf}s, so {@code StateFile.saveTree} / {@code loadTree} and a continued run give
 * the same bits as an uninterrupted one. {@link dev.gradus.zeroth.Search} is the loop with a budget of
 * evaluations, checkpoints and progress.
 *
 * <p>Sub-packages: {@code problem} (standard test functions and multi-objective test problems), {@code cbo}
 * (consensus-based optimization), {@code estimate} (zeroth-order, rank-based and ES gradient estimates as gradient
 * transformations), {@code es} (OpenAI-ES), {@code cmaes} (CMA-ES), {@code ga} (the Deep GA with seed-chain
 * genomes), {@code moo} (NSGA-II, non-dominated sorting, crowding distance, hypervolume).
 */
package dev.gradus.zeroth;
