package dev.gradus.ode.nlls;

/**
 * Which matrix the implicit backward of {@link DifferentiableLeastSquares} inverts at the solution {@code w*}.
 *
 * <ul>
 *   <li>{@link #GAUSS_NEWTON}: {@code J^T J} (plus a tiny ridge), giving {@code dw/dtheta = -(J^T J)^-1 J^T J_theta}.
 *       Exact when the residual vanishes at {@code w*} (a satisfiable hard constraint), otherwise it drops the
 *       curvature terms {@code sum_i r_i d^2 r_i}; cheap (no second derivatives).</li>
 *   <li>{@link #EXACT}: the full Hessian {@code d^2 F/dw^2} of {@code F = 1/2 ||r||^2} and the exact mixed derivative
 *       {@code d^2 F / dw dtheta}, both by double reverse passes: the true implicit-function-theorem derivative for any
 *       residual, at about {@code n} more backward passes.</li>
 * </ul>
 */
public enum Linearization { GAUSS_NEWTON, EXACT }
