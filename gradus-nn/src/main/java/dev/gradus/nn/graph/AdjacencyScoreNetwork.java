package dev.gradus.nn.graph;

import dev.gradus.autodiff.Var;
import dev.gradus.nn.Activation;
import dev.gradus.nn.Initializer;
import dev.gradus.nn.Mlp;
import dev.gradus.nn.Module;
import dev.gradus.nn.Parameter;
import dev.gradus.nn.Sequential;
import dev.gradus.tensor.RandomStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The adjacency network of GDSS's joint system, a smaller form of its {@code ScoreNetworkA}: node embeddings
 * from GCN layers over {@code [X_t, t]} and {@code A_t}, turned into pair channels, and an MLP over the channels
 * of each node pair:
 * <pre>
 *   H = [H_1, …, H_L]                               (GCN layers with tanh, as in {@link NodeScoreNetwork})
 *   channels(i, j) = [A_t, A_t² / N, t, tanh(q_k(i)·q_k(j) / √d) for k = 1..K],   q_k = H W_k
 *   E(i, j) = w_2 · tanh(W_1 channels(i, j) + b_1) + b_2,   out = ((E + Eᵀ) / 2) ⊙ m_i m_j (1 − δ_ij)
 * </pre>
 * GDSS builds its channels from adjacency powers and attention layers that also rewrite the node features; this
 * keeps the two ideas (powers of {@code A_t}, and symmetric attention scores between node embeddings) in one
 * layer. Trained as a noise predictor on symmetric noise, so {@code ∇_A log p_t ≈ −ε̂ / s(t)}. With constant node
 * features (a feature count of 1 and the mask as the feature) it is an adjacency-only score model, as EDP-GNN.
 * Input: a packed batch ({@link GraphBatch#pack}); output {@code [B, N, N]}, symmetric, zero on the diagonal and
 * on padding.
 */
public final class AdjacencyScoreNetwork extends Module {
    private final int features;
    private final int heads;
    private final int headDim;
    private final List<GraphConvolution> layers = new ArrayList<>();
    private final Parameter query;
    private final Sequential mlp;

    /**
     * @param features the node feature count {@code F}
     * @param width the GCN width {@code H}
     * @param depth the number of GCN layers {@code L}
     * @param heads the number of attention channels {@code K}
     * @param headDim the query size {@code d}
     * @param mlpWidth the hidden width of the pair MLP
     */
    public AdjacencyScoreNetwork(int features, int width, int depth, int heads, int headDim, int mlpWidth,
                                 RandomStream rng) {
        if (features < 1 || width < 1 || depth < 1 || heads < 1 || headDim < 1 || mlpWidth < 1) {
            throw new IllegalArgumentException("AdjacencyScoreNetwork: all sizes must be positive, got features="
                    + features + ", width=" + width + ", depth=" + depth + ", heads=" + heads + ", headDim=" + headDim
                    + ", mlpWidth=" + mlpWidth);
        }
        this.features = features;
        this.heads = heads;
        this.headDim = headDim;
        for (int l = 0; l < depth; l++) {
            layers.add(addModule("gcn" + l, new GraphConvolution(l == 0 ? features + 1 : width, width, rng)));
        }
        this.query = addParameter("query", Initializer.xavierUniform(1.0).tensor(rng, depth * width, heads * headDim));
        this.mlp = addModule("mlp", Mlp.builder(heads + 3).hidden(mlpWidth).outputs(1).activation(Activation.TANH)
                .build(rng));
    }

    /** The feature count {@code F}. */
    public int features() {
        return features;
    }

    /** {@code ε̂_A} of a packed batch {@code [B, N, F + N + 2]}, as {@code [B, N, N]}. */
    @Override
    public Var forward(Var packed) {
        PackedGraph g = PackedGraph.unpack(packed, features, "AdjacencyScoreNetwork");
        int b = packed.dim(0);
        int n = g.nodes;
        Var h = g.embed(layers, false);
        Var q = h.matmul(query.node());
        List<Var> channels = new ArrayList<>(heads + 3);
        channels.add(g.adjacency);
        channels.add(g.adjacency.matmul(g.adjacency).div(n));
        channels.add(g.time.broadcastTo(b, n, n));
        double scale = 1.0 / Math.sqrt(headDim);
        for (int k = 0; k < heads; k++) {
            Var qk = q.narrow(2, k * headDim, headDim);
            channels.add(qk.matmul(qk, false, true).mul(scale).tanh());
        }
        Var c = Var.stack(channels, 3);
        Var e = mlp.forward(c).reshape(b, n, n);
        return e.add(e.transpose(1, 2)).mul(0.5).mul(g.pairMask());
    }
}
