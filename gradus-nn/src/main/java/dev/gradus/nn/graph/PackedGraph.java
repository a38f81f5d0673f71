package dev.gradus.nn.graph;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a packed graph batch ({@link GraphBatch#pack}) as vars, and the node embedding both score
 * networks share: GCN layers with tanh over the features and the time column, all layer outputs concatenated
 * (GDSS's {@code ScoreNetworkX} and {@code ScoreNetworkA} both concatenate their layers' outputs).
 */
final class PackedGraph {
    final Var features;
    final Var adjacency;
    final Var time;
    final Var mask;
    final int nodes;

    private PackedGraph(Var features, Var adjacency, Var time, Var mask, int nodes) {
        this.features = features;
        this.adjacency = adjacency;
        this.time = time;
        this.mask = mask;
        this.nodes = nodes;
    }

    static PackedGraph unpack(Var packed, int featureCount, String who) {
        if (packed.rank() != 3) {
            throw new IllegalArgumentException(who + ": input must be a packed batch [B, N, F + N + 2], got "
                    + java.util.Arrays.toString(packed.shape()));
        }
        int n = packed.dim(1);
        if (packed.dim(2) != featureCount + n + 2) {
            throw new IllegalArgumentException(who + ": packed input must be [B, N, F + N + 2] = [B, " + n + ", "
                    + (featureCount + n + 2) + "] for F = " + featureCount + ", got "
                    + java.util.Arrays.toString(packed.shape()));
        }
        return new PackedGraph(packed.narrow(2, 0, featureCount), packed.narrow(2, featureCount, n),
                packed.narrow(2, featureCount + n, 1), packed.narrow(2, featureCount + n + 1, 1), n);
    }

    /** {@code [x, t]} through the layers with tanh; the concatenation of every layer's output, {@code [B, N, L·H]}. */
    Var embed(List<GraphConvolution> layers, boolean withInput) {
        Var aHat = GraphConvolution.normalize(adjacency);
        Var h = Var.concat(List.of(features, time), 2);
        List<Var> outs = new ArrayList<>();
        if (withInput) {
            outs.add(h);
        }
        for (GraphConvolution g : layers) {
            h = g.propagate(h, aHat).tanh();
            outs.add(h);
        }
        return outs.size() == 1 ? outs.get(0) : Var.concat(outs, 2);
    }

    /** {@code m_i m_j (1 − δ_ij)} as a var {@code [B, N, N]} (a constant of the mask). */
    Var pairMask() {
        Tensor m = mask.value();
        Tensor flat = m.reshape(m.dim(0), m.dim(1));
        return Var.constant(GraphBatch.pairMask(flat));
    }
}
