/**
 * The optimizers: each a fused single-pass kernel ({@link dev.gradus.optim.FusedOptimizer}) with a
 * composed reference chain, hyperparameter names and defaults of the reference implementation, and a
 * Javadoc that gives the update equations, the reference and every deviation.
 */
package dev.gradus.optim.optimizer;
