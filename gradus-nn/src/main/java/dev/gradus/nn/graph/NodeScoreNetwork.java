package dev.gradus.nn.graph;

import dev.gradus.autodiff.Var;
import dev.gradus.nn.Activation;
import dev.gradus.nn.Mlp;
import dev.gradus.nn.Module;
import dev.gradus.nn.Sequential;
import dev.gradus.tensor.RandomStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The node-feature network of GDSS's joint system, after its {@code ScoreNetworkX}: GCN layers with tanh over
 * the noisy features {@code X_t} (plus a time column) and the noisy adjacency {@code A_t}, the input and every
 * layer's output concatenated, then a two-layer tanh MLP to {@code F} outputs per node, zero on padding nodes:
 * <pre>
 *   H_0 = [X_t, t],  H_l = tanh(GCN_l(H_{l−1}, A_t)),  out = (W_2 tanh(W_1 [H_0, …, H_L] + b_1) + b_2) ⊙ mask
 * </pre>
 * Trained as a noise predictor ({@code ε̂ ≈ z} with {@code X_t = m(t) X_0 + s(t) z}), so the partial score is
 * {@code ∇_X log p_t ≈ −ε̂ / s(t)}; the time column is a deviation from GDSS, whose networks do not see
 * {@code t}: at this size the network needs the noise level. Input: a packed batch ({@link GraphBatch#pack});
 * output {@code [B, N, F]}.
 */
public final class NodeScoreNetwork extends Module {
    private final int features;
    private final List<GraphConvolution> layers = new ArrayList<>();
    private final Sequential mlp;

    /**
     * @param features the node feature count {@code F}
     * @param width the GCN width {@code H}
     * @param depth the number of GCN layers {@code L}
     */
    public NodeScoreNetwork(int features, int width, int depth, RandomStream rng) {
        if (features < 1 || width < 1 || depth < 1) {
            throw new IllegalArgumentException("NodeScoreNetwork: features, width and depth must be positive, got "
                    + features + ", " + width + ", " + depth);
        }
        this.features = features;
        for (int l = 0; l < depth; l++) {
            layers.add(addModule("gcn" + l, new GraphConvolution(l == 0 ? features + 1 : width, width, rng)));
        }
        int cat = features + 1 + depth * width;
        this.mlp = addModule("mlp", Mlp.builder(cat).hidden(2 * width).outputs(features).activation(Activation.TANH)
                .build(rng));
    }

    /** The feature count {@code F}. */
    public int features() {
        return features;
    }

    /** {@code ε̂_X} of a packed batch {@code [B, N, F + N + 2]}, as {@code [B, N, F]}. */
    @Override
    public Var forward(Var packed) {
        PackedGraph g = PackedGraph.unpack(packed, features, "NodeScoreNetwork");
        Var h = g.embed(layers, true);
        return mlp.forward(h).mul(g.mask);
    }
}
