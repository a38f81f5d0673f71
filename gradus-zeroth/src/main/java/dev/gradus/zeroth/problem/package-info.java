/**
 * Standard test problems for derivative-free methods, each a spec component of the {@code objective} family
 * ({@link dev.gradus.zeroth.problem.Problems#parse}): the scalar functions sphere, Rosenbrock, Rastrigin, Ackley,
 * Griewank and Styblinski-Tang (with minima shifted off the centre of the search box), and the multi-objective
 * problems ZDT1-3 and DTLZ2 with their analytic Pareto fronts.
 */
package dev.gradus.zeroth.problem;
