/**
 * Differentiable nonlinear least squares and the physics-informed hard-constraint mixture of experts.
 *
 * <p>{@link dev.gradus.ode.nlls.LevenbergMarquardt} solves {@code min_w 1/2 ||r(w, theta)||^2} for a
 * {@link dev.gradus.ode.nlls.ResidualFunction} on plain tensors; {@link dev.gradus.ode.nlls.DifferentiableLeastSquares}
 * wraps it as an autodiff operation whose backward pass is the implicit function theorem at the solution
 * ({@link dev.gradus.ode.nlls.Linearization}: Gauss-Newton or exact Hessian). The hard-constraint mixture of experts
 * (Chalapathi, Du and Krishnapriyan, ICLR 2024) runs one such solve per subdomain of a fixed partition on top of a shared
 * basis.
 */
package dev.gradus.ode.nlls;
