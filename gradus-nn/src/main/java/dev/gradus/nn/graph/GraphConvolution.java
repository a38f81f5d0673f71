package dev.gradus.nn.graph;

import dev.gradus.autodiff.Var;
import dev.gradus.nn.Initializer;
import dev.gradus.nn.Module;
import dev.gradus.nn.Parameter;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * A graph convolution over node features and a dense, possibly real-valued adjacency (Kipf and Welling, 2017, in
 * the dense form GDSS uses, PyTorch Geometric's {@code DenseGCNConv}):
 * <pre>
 *   Ã = A with its diagonal set to 1,   d_i = max(1, Σ_j Ã_ij),   Â = D^{-1/2} Ã D^{-1/2}
 *   H' = Â H W + b
 * </pre>
 * The degree is clamped at 1 because a noisy adjacency (as in a diffusion model) can have row sums below 1 or
 * negative. Weight {@code [in, out]} Glorot-uniform, bias zero (GDSS's initialisation). Inputs: features
 * {@code [..., N, in]} and adjacency {@code [..., N, N]} with the same leading dimensions; differentiable in both
 * and in the parameters.
 *
 * <pre>{@code
 * GraphConvolution gcn = new GraphConvolution(10, 16, rng);
 * Var h = gcn.forward(x, adj);                        // x [B, N, 10], adj [B, N, N] -> [B, N, 16]
 * Var aHat = GraphConvolution.normalize(adj);         // reuse Â across layers
 * Var h2 = gcn2.propagate(h, aHat);
 * }</pre>
 *
 * <p>{@link #forward(Var)} takes both packed as {@code [..., N, in + N]} (features, then adjacency rows).
 */
public final class GraphConvolution extends Module {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    /** {@code in -> out} features. */
    public GraphConvolution(int in, int out, RandomStream rng) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("GraphConvolution: features must be positive, got in=" + in + ", out="
                    + out);
        }
        this.in = in;
        this.out = out;
        this.weight = addParameter("weight", Initializer.xavierUniform(1.0).tensor(rng, in, out));
        this.bias = addParameter("bias", Tensor.zeros(out));
    }

    /** The input feature count. */
    public int inFeatures() {
        return in;
    }

    /** The output feature count. */
    public int outFeatures() {
        return out;
    }

    /** {@code Â = D^{-1/2} Ã D^{-1/2}} of an adjacency {@code [..., N, N]} (diagonal set to 1, degrees clamped at 1). */
    public static Var normalize(Var adj) {
        int r = adj.rank();
        if (r < 2 || adj.dim(r - 1) != adj.dim(r - 2)) {
            throw new IllegalArgumentException("GraphConvolution: adjacency must be [..., N, N], got "
                    + java.util.Arrays.toString(adj.shape()));
        }
        int n = adj.dim(r - 1);
        Tensor eye = Tensor.eye(n);
        Tensor offDiagonal = Tensor.ones(n, n).sub(eye);
        Var looped = adj.mul(offDiagonal).add(eye);
        Var dInv = looped.sum(r - 1, true).clamp(1.0, Double.POSITIVE_INFINITY).pow(-0.5);
        return dInv.mul(looped).mul(dInv.transpose(r - 2, r - 1));
    }

    /** {@code Â H W + b} with a normalised adjacency from {@link #normalize}. */
    public Var propagate(Var features, Var normalizedAdj) {
        int r = features.rank();
        if (r < 2 || features.dim(r - 1) != in) {
            throw new IllegalArgumentException("GraphConvolution(" + in + " -> " + out + "): features must be [..., N, "
                    + in + "], got " + java.util.Arrays.toString(features.shape()));
        }
        if (normalizedAdj.rank() != r || normalizedAdj.dim(r - 1) != features.dim(r - 2)) {
            throw new IllegalArgumentException("GraphConvolution: adjacency " + java.util.Arrays.toString(
                    normalizedAdj.shape()) + " does not match features " + java.util.Arrays.toString(features.shape()));
        }
        return normalizedAdj.matmul(features.matmul(weight.node())).add(bias.node());
    }

    /** {@code Â H W + b} from the raw adjacency. */
    public Var forward(Var features, Var adj) {
        return propagate(features, normalize(adj));
    }

    /** The packed form: {@code [..., N, in + N]}, features then adjacency rows. */
    @Override
    public Var forward(Var packed) {
        int r = packed.rank();
        int n = packed.dim(r - 2);
        if (packed.dim(r - 1) != in + n) {
            throw new IllegalArgumentException("GraphConvolution: packed input must be [..., N, in + N] = [..., " + n
                    + ", " + (in + n) + "], got " + java.util.Arrays.toString(packed.shape()));
        }
        return forward(packed.narrow(r - 1, 0, in), packed.narrow(r - 1, in, n));
    }
}
