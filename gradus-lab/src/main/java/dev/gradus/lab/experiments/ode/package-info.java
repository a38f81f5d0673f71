/**
 * Neural differential equations and physics-constrained solves: solver-heuristic regularisation of neural ODEs,
 * global ({@code ode-reg-global}) and local ({@code ode-reg-local}), and physics-informed hard constraints with a
 * mixture of experts ({@code pi-hc-moe}). The methods live in {@code gradus-ode}; these classes only set up the
 * problems, the claims and the measurements.
 */
package dev.gradus.lab.experiments.ode;
