/**
 * Structure learning of linear structural equation models: recover the weighted DAG {@code W} from data
 * {@code X = XW + E}. It contains the least-squares score ({@link dev.gradus.nn.structure.LeastSquaresScore}), the
 * NOTEARS acyclicity function ({@link dev.gradus.nn.structure.Acyclicity}), NOTEARS with its augmented-Lagrangian
 * driver ({@link dev.gradus.nn.structure.Notears}), TOPO's topological swaps
 * ({@link dev.gradus.nn.structure.TopoSwaps}), and for experiments random DAGs
 * ({@link dev.gradus.nn.structure.RandomDag}), SEM sampling ({@link dev.gradus.nn.structure.LinearSem}) and the
 * structural Hamming distance ({@link dev.gradus.nn.structure.Shd}).
 *
 * <p>Why here: learning a DAG is fitting a model (a linear SEM) to a data matrix under a training objective, like
 * the objectives of {@code dev.gradus.nn.objective}; it needs the matrix exponential of gradus-core and the bounded
 * quasi-Newton solver of gradus-optim ({@link dev.gradus.optim.bounded.ProjectedLbfgs}), and nothing from the method
 * modules. Matrices are row-major {@code double[d·d]} with {@code W[i·d + j]} the weight of the edge {@code i → j}.
 */
package dev.gradus.nn.structure;
