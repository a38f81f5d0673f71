/**
 * Block coordinate descent for losses of a linear predictor given by a matrix, dense or sparse: least squares
 * {@code ½‖Ax − y‖²} and logistic regression {@code Σ log(1 + exp(−y_k a_kᵀx))}, optionally with an L1 term.
 *
 * <p>The solver ({@link dev.gradus.optim.bcd.BlockCoordinateDescent}) combines a fixed partition of the
 * coordinates ({@link dev.gradus.optim.bcd.Partition}: Sort, Order, Avg) or variable blocks, a selection rule
 * ({@link dev.gradus.optim.bcd.SelectionRule}: cyclic, random, Lipschitz sampling, GS, GSL, GSD, GSQ) and a block
 * update ({@link dev.gradus.optim.bcd.BlockUpdate}: the {@code 1/L_b} step or the Newton/matrix step with a
 * pseudo-inverse). Reference: Nutini, Laradji, Schmidt, "Let's Make Block Coordinate Descent Converge Faster",
 * JMLR 2022.
 *
 * <p>It is a solver family beside L-BFGS rather than a gradient transformation: its rules need the structure of
 * the problem (per-coordinate Lipschitz constants, block Hessians), which a closure over parameters does not give.
 */
package dev.gradus.optim.bcd;
