/**
 * Lab experiments on the theory solvers of issue 17: greedy block coordinate descent
 * ({@link dev.gradus.optim.bcd}), convex two-layer ReLU training by ADMM ({@link dev.gradus.nn.convex}) and
 * Hessian-alignment penalties ({@link dev.gradus.nn.objective}). The methods live in the library; each class
 * here only builds the paper's scaled-down data, runs the methods over seeds and states the claims.
 */
package dev.gradus.lab.experiments.theory;
