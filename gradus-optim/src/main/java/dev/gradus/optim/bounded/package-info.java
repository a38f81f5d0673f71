/**
 * Minimisation of a smooth function over a box {@code l ≤ x ≤ u} on flat {@code double[]} vectors:
 * {@link dev.gradus.optim.bounded.ProjectedLbfgs}, the quasi-Newton solver that NOTEARS' augmented-Lagrangian
 * subproblems need (the L1 term becomes smooth on the split {@code W = W⁺ − W⁻, W± ≥ 0}).
 *
 * <p>It is a solver beside {@link dev.gradus.optim.optimizer.Lbfgs} rather than an extension of it: that class is
 * torch's unconstrained step over named parameter maps with a strong-Wolfe search, whose curvature condition and
 * state layout do not carry over to a projected search; bound-constrained problems here are small flat vectors.
 */
package dev.gradus.optim.bounded;
