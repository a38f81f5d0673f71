package dev.gradus.ode;

import dev.gradus.autodiff.Var;

/**
 * The right-hand side {@code dy/dt = f(t, y)} of an ODE, written with autodiff operations so that solutions can be
 * differentiated. {@code y} has any shape (a batch of states {@code [b, d]} is integrated as one system with one
 * step-size sequence, as torchdiffeq and DifferentialEquations.jl do); the result must have the same shape.
 *
 * <pre>{@code
 * VectorField decay = (t, y) -> y.mul(-0.5);                 // y' = -y/2
 * VectorField net = (t, y) -> mlp.forward(y);                // a neural ODE's dynamics
 * }</pre>
 */
@FunctionalInterface
public interface VectorField {
    /** {@code f(t, y)}, of {@code y}'s shape. */
    Var apply(double t, Var y);
}
