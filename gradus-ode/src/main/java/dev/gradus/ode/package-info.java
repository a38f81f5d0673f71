/**
 * Differentiable ODE solvers and solver-aware training; differentiable nonlinear least squares.
 *
 * <p><b>Solvers.</b> {@link dev.gradus.ode.EmbeddedRungeKutta} integrates a {@link dev.gradus.ode.VectorField} written
 * with autodiff {@link dev.gradus.autodiff.Var}s using an embedded explicit Runge-Kutta pair
 * ({@link dev.gradus.ode.ButcherTableau#dormandPrince54()}, {@link dev.gradus.ode.ButcherTableau#tsit5()}) and the
 * standard step-size controller ({@link dev.gradus.ode.StepControl}). Every stage is an ordinary graph node, so the
 * gradient of anything computed from the solution is the exact gradient of the discrete solve (discrete
 * sensitivities); the controller's choices of step size are treated as constants. Each accepted
 * {@link dev.gradus.ode.RkStep} carries its error estimate EEst and a stiffness estimate, both differentiable.
 *
 * <p><b>Neural ODEs.</b> {@link dev.gradus.ode.NeuralOde} is a layer {@code x -> z(t1)} with {@code dz/dt = f_theta(z)}.
 * {@link dev.gradus.ode.SolverRegularizer} gives the solver-heuristic penalties of Pal et al.: global (the sum of
 * EEst*h, or stiffness*h, over all accepted steps) and local (EEst*h of one randomly placed
 * {@link dev.gradus.ode.LocalStep});
 * {@link dev.gradus.ode.SolverRegularizedStep} adds one to the task loss in the {@link dev.gradus.train.Trainer}.
 *
 * <p><b>Least squares.</b> {@link dev.gradus.ode.nlls.DifferentiableLeastSquares} solves
 * {@code min_w 1/2 ||r(w, theta)||^2} by Levenberg-Marquardt in the forward pass and differentiates the solution
 * by the implicit function theorem; the package {@code dev.gradus.ode.nlls} also holds the hard-constraint mixture of
 * experts (PI-HC-MoE) built on it.
 */
package dev.gradus.ode;
