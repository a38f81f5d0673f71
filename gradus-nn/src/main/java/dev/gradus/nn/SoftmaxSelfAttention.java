package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import java.util.Arrays;

/**
 * Multi-head softmax self-attention without biases (Vaswani et al. 2017), for the in-context-learning
 * experiments that compare it with {@link LinearSelfAttention}. On tokens {@code E = [B, T, D]}:
 * <pre>
 *   Q_h = E W_Q,h^T,  K_h = E W_K,h^T,  V_h = E W_V,h^T
 *   A_h = softmax(Q_h K_h^T / sqrt(k) + M)        (M = 0 where allowed, -inf elsewhere; see {@link AttentionMask})
 *   out = E + concat_h(A_h V_h) P^T
 * </pre>
 * Parameters: {@code query [H*k, D]}, {@code key [H*k, D]}, {@code value [H*v, D]}, {@code projection
 * [D, H*v]}, head {@code h} owning rows {@code h*k .. h*k+k-1}. The residual term is optional. von Oswald
 * et al. note that softmax attention needs at least two heads to match one step of gradient descent.
 *
 * <p>Per-sample gradients ({@link PerSampleGradients}) are batched: each of the four matrices is a linear map of
 * its input, {@code dW_i = G_i^T X_i} over the tokens of sequence {@code i}.
 */
public final class SoftmaxSelfAttention extends Module {
    private final int dim;
    private final int heads;
    private final int keySize;
    private final int valueSize;
    private final AttentionMask mask;
    private final boolean residual;
    private final Parameter query;
    private final Parameter key;
    private final Parameter value;
    private final Parameter projection;

    private SoftmaxSelfAttention(Builder b, RandomStream rng) {
        this.dim = b.dim;
        this.heads = b.heads;
        this.keySize = b.keySize;
        this.valueSize = b.valueSize;
        this.mask = b.mask;
        this.residual = b.residual;
        this.query = addParameter("query", b.init.tensor(rng, heads * keySize, dim));
        this.key = addParameter("key", b.init.tensor(rng, heads * keySize, dim));
        this.value = addParameter("value", b.init.tensor(rng, heads * valueSize, dim));
        this.projection = addParameter("projection", b.init.tensor(rng, dim, heads * valueSize));
    }

    /** A builder for tokens of width {@code dim}. */
    public static Builder builder(int dim) {
        return new Builder(dim);
    }

    /** The query weight {@code [H*k, D]}. */
    public Parameter query() {
        return query;
    }

    /** The key weight {@code [H*k, D]}. */
    public Parameter key() {
        return key;
    }

    /** The value weight {@code [H*v, D]}. */
    public Parameter value() {
        return value;
    }

    /** The output projection {@code [D, H*v]}. */
    public Parameter projection() {
        return projection;
    }

    @Override
    public Var forward(Var input) {
        int[] s = input.shape();
        if (s.length != 3 || s[2] != dim) {
            throw new IllegalArgumentException("SoftmaxSelfAttention(dim=" + dim + "): expected tokens [B, T, " + dim
                    + "], got " + Arrays.toString(s));
        }
        PerSampleTap tap = perSampleTap();
        Var q = AttentionHeads.split(AttentionHeads.project(tap, query, input), heads, keySize);   // [B, H, T, k]
        Var k = AttentionHeads.split(AttentionHeads.project(tap, key, input), heads, keySize);     // [B, H, T, k]
        Var v = AttentionHeads.split(AttentionHeads.project(tap, value, input), heads, valueSize); // [B, H, T, v]
        Var scores = q.matmul(k, false, true).mul(1.0 / Math.sqrt(keySize));                     // [B, H, T, T]
        Var attention = scores.add(mask.additiveMask(s[1])).softmax(-1);
        Var merged = AttentionHeads.merge(attention.matmul(v));                                    // [B, T, H*v]
        Var update = AttentionHeads.project(tap, projection, merged);                              // [B, T, D]
        return residual ? input.add(update) : update;
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", heads=" + heads + ", key_size=" + keySize + ", value_size=" + valueSize
                + ", mask=" + mask + ", residual=" + pythonBool(residual);
    }

    /** Options for {@link SoftmaxSelfAttention}; defaults: one head, key and value size D, full mask, residual. */
    public static final class Builder {
        private final int dim;
        private int heads = 1;
        private int keySize;
        private int valueSize;
        private AttentionMask mask = AttentionMask.full();
        private boolean residual = true;
        private Initializer init = Initializer.torchDefaultWeight();

        private Builder(int dim) {
            if (dim <= 0) {
                throw new IllegalArgumentException("SoftmaxSelfAttention: dim must be positive, got " + dim);
            }
            this.dim = dim;
            this.keySize = dim;
            this.valueSize = dim;
        }

        /** The number of heads (default 1). */
        public Builder heads(int heads) {
            this.heads = positive("heads", heads);
            return this;
        }

        /** The key/query size per head (default D). */
        public Builder keySize(int keySize) {
            this.keySize = positive("keySize", keySize);
            return this;
        }

        /** The value size per head (default D). */
        public Builder valueSize(int valueSize) {
            this.valueSize = positive("valueSize", valueSize);
            return this;
        }

        /** Which tokens attend to which (default {@link AttentionMask#full()}). */
        public Builder mask(AttentionMask mask) {
            this.mask = mask;
            return this;
        }

        /** Whether the input is added to the update (default true). */
        public Builder residual(boolean residual) {
            this.residual = residual;
            return this;
        }

        /** The initialiser of every matrix (default PyTorch's Linear default). */
        public Builder init(Initializer init) {
            this.init = init;
            return this;
        }

        /** Builds the layer, drawing the initial matrices from {@code rng} in parameter order. */
        public SoftmaxSelfAttention build(RandomStream rng) {
            return new SoftmaxSelfAttention(this, rng);
        }

        private static int positive(String name, int v) {
            if (v <= 0) {
                throw new IllegalArgumentException("SoftmaxSelfAttention: " + name + " must be positive, got " + v);
            }
            return v;
        }
    }
}
