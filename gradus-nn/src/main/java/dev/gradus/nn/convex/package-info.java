/**
 * Two-layer ReLU training as a convex program (Pilanci and Ergen, ICML 2020) over sampled activation patterns,
 * solved by ADMM (Bai, Gautam, Sojoudi, "Efficient Global Optimization of Two-layer ReLU Networks", SIAM J. Math.
 * Data Sci., Algorithm 3.1), and the map from a convex solution back to a ReLU network with the same objective.
 *
 * <p>{@link dev.gradus.nn.convex.ActivationPatterns} samples and deduplicates the patterns,
 * {@link dev.gradus.nn.convex.ConvexReluProgram} is the program,
 * {@link dev.gradus.nn.convex.ConvexReluAdmm} the solver, {@link dev.gradus.nn.convex.ConvexReluSolution} its
 * result and {@link dev.gradus.nn.convex.TwoLayerRelu} the mapped network.
 */
package dev.gradus.nn.convex;
