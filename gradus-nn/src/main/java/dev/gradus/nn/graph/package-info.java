/**
 * Graphs for score-based generative models (Jo, Lee, Hwang, "Score-based Generative Modeling of Graphs via the
 * System of Stochastic Differential Equations", ICML 2022): dense undirected graphs
 * ({@link dev.gradus.nn.graph.DenseGraph}), the community-small generator
 * ({@link dev.gradus.nn.graph.CommunityGraphs}), a GCN layer over node features and a dense adjacency
 * ({@link dev.gradus.nn.graph.GraphConvolution}), the two score networks of the joint system
 * ({@link dev.gradus.nn.graph.NodeScoreNetwork} for the node features, {@link dev.gradus.nn.graph.AdjacencyScoreNetwork}
 * for the adjacency) over a padded batch ({@link dev.gradus.nn.graph.GraphBatch}), and the evaluation of generated
 * graphs: degree and clustering statistics ({@link dev.gradus.nn.graph.GraphStatistics}) and their MMD under the
 * Gaussian EMD kernel of GraphRNN and GDSS ({@link dev.gradus.nn.graph.GraphMmd}).
 *
 * <p>Why here: the networks are ordinary modules trained by gradient descent on a denoising objective, like
 * {@link dev.gradus.nn.objective.WideReluScoreNetwork}; the sampler that runs them lives in
 * {@link dev.gradus.nn.diffusion}. Batches are padded to a fixed node count and carry a node mask, so graphs of
 * different sizes share one dense tensor ({@code [B, N, F]} features, {@code [B, N, N]} adjacency).
 */
package dev.gradus.nn.graph;
