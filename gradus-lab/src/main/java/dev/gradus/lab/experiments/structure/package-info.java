/**
 * Lab experiments on structure learning ({@link dev.gradus.nn.structure}): TOPO's topological swaps against
 * NOTEARS on random linear SEMs. The methods live in the library; each class here builds the paper's scaled-down
 * graphs, runs the methods over seeds and states the claims.
 */
package dev.gradus.lab.experiments.structure;
