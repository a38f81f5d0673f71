/**
 * Iterative solvers for symmetric positive definite systems {@code A x = b} given as a matrix-free
 * {@link dev.gradus.optim.linear.LinearOperator}: the conjugate gradient method
 * ({@link dev.gradus.optim.linear.ConjugateGradient}) and the deep conjugate direction method
 * ({@link dev.gradus.optim.linear.DeepConjugateDirection}, Kaneda et al., ICML 2023), whose search directions come
 * from a learned {@link dev.gradus.optim.linear.DirectionModel} such as a
 * {@link dev.gradus.optim.linear.Stencil2d}; the 2-D Poisson operator {@link dev.gradus.optim.linear.Poisson2d}
 * is the test problem.
 */
package dev.gradus.optim.linear;
