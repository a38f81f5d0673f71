package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;

/**
 * Linear self-attention (no softmax), the model of the in-context-learning papers (von Oswald et al.,
 * "Transformers learn in-context by gradient descent", ICML 2023; Mahankali, Hashimoto and Ma, "One step
 * of gradient descent is provably the optimal in-context learner with one layer of linear self-attention",
 * 2023).
 *
 * <p>Input: tokens {@code E = [B, T, D]}, one row {@code e_i} per token. Each head {@code h} updates every
 * token by an average over the tokens {@code j} it attends to (see {@link AttentionMask}):
 * <pre>
 *   e_i  <-  e_i + sum_h P_h sum_j w_ij (W_Q,h e_i . W_K,h e_j) W_V,h e_j          (factored)
 *        =   e_i + sum_h     sum_j w_ij (e_j^T KQ_h e_i) PV_h e_j                    (merged)
 * </pre>
 * with {@code w_ij = 1/n_i} for the {@code n_i} allowed tokens (von Oswald's {@code 1/N}),
 * {@code KQ_h = W_K,h^T W_Q,h} and {@code PV_h = P_h W_V,h}. The residual term {@code e_i} is optional.
 *
 * <p>Two parametrisations, chosen at construction:
 * <ul>
 *   <li>{@link Parametrisation#FACTORED}: parameters {@code query [H*k, D]}, {@code key [H*k, D]},
 *       {@code value [H*v, D]} and {@code projection [D, H*v]}, head {@code h} owning rows (columns for
 *       the projection) {@code h*k .. h*k+k-1}. Training these is the non-convex problem the papers study.</li>
 *   <li>{@link Parametrisation#MERGED}: parameters {@code kq [H, D, D]} and {@code pv [H, D, D]} directly
 *       (von Oswald's {@code W_KQ}, {@code W_PV}). For a query token {@code (x_q, 0)} and one head, the
 *       y-coordinate of the update is {@code v^T H M x_q} of Mahankali et al. with {@code v = pv[y, :]},
 *       {@code M = kq[:, :d]} and {@code H = (1/n) sum_j e_j e_j^T}.</li>
 * </ul>
 * {@link #mergedKQ()} and {@link #mergedPV()} return {@code KQ_h} and {@code PV_h} for either form, so an
 * experiment can compare the learned matrices with the gradient-descent construction.
 *
 * <p>Per-sample gradients ({@link PerSampleGradients}) are batched in both forms: every matrix is a linear map of
 * the tokens (per head for {@code kq} and {@code pv}), {@code dW_i = G_i^T X_i} over the tokens of sequence {@code i}.
 */
public final class LinearSelfAttention extends Module {

    /** How the attention matrices are parametrised. */
    public enum Parametrisation {
        /** Separate query, key, value and projection matrices. */
        FACTORED,
        /** The products {@code KQ = W_K^T W_Q} and {@code PV = P W_V}, one pair per head. */
        MERGED
    }

    private final int dim;
    private final int heads;
    private final int keySize;
    private final int valueSize;
    private final Parametrisation form;
    private final AttentionMask mask;
    private final boolean residual;
    private final Parameter query;
    private final Parameter key;
    private final Parameter value;
    private final Parameter projection;
    private final Parameter kq;
    private final Parameter pv;

    private LinearSelfAttention(Builder b, RandomStream rng) {
        this.dim = b.dim;
        this.heads = b.heads;
        this.keySize = b.keySize;
        this.valueSize = b.valueSize;
        this.form = b.form;
        this.mask = b.mask;
        this.residual = b.residual;
        if (form == Parametrisation.FACTORED) {
            query = addParameter("query", b.init.tensor(rng, heads * keySize, dim));
            key = addParameter("key", b.init.tensor(rng, heads * keySize, dim));
            value = addParameter("value", b.init.tensor(rng, heads * valueSize, dim));
            projection = addParameter("projection", b.init.tensor(rng, dim, heads * valueSize));
            kq = null;
            pv = null;
        } else {
            kq = addParameter("kq", b.init.tensor(rng, heads, dim, dim));
            pv = addParameter("pv", b.init.tensor(rng, heads, dim, dim));
            query = null;
            key = null;
            value = null;
            projection = null;
        }
    }

    /** A builder for tokens of width {@code dim} (for in-context regression, {@code d + 1}). */
    public static Builder builder(int dim) {
        return new Builder(dim);
    }

    /** The token width D. */
    public int dim() {
        return dim;
    }

    /** The number of heads H. */
    public int heads() {
        return heads;
    }

    /** The parametrisation. */
    public Parametrisation parametrisation() {
        return form;
    }

    /** The query weight {@code [H*k, D]} (factored form only). */
    public Parameter query() {
        return requireFactored("query", query);
    }

    /** The key weight {@code [H*k, D]} (factored form only). */
    public Parameter key() {
        return requireFactored("key", key);
    }

    /** The value weight {@code [H*v, D]} (factored form only). */
    public Parameter value() {
        return requireFactored("value", value);
    }

    /** The output projection {@code [D, H*v]} (factored form only). */
    public Parameter projection() {
        return requireFactored("projection", projection);
    }

    /** The merged key-query products {@code [H, D, D]} (merged form only). */
    public Parameter kq() {
        return requireMerged("kq", kq);
    }

    /** The merged projection-value products {@code [H, D, D]} (merged form only). */
    public Parameter pv() {
        return requireMerged("pv", pv);
    }

    private Parameter requireFactored(String name, Parameter p) {
        if (p == null) {
            throw new IllegalStateException("LinearSelfAttention: '" + name + "' exists only in the FACTORED form; use kq()/pv()");
        }
        return p;
    }

    private Parameter requireMerged(String name, Parameter p) {
        if (p == null) {
            throw new IllegalStateException("LinearSelfAttention: '" + name + "' exists only in the MERGED form; use mergedKQ()/mergedPV()");
        }
        return p;
    }

    /** {@code KQ_h = W_K,h^T W_Q,h} for every head, {@code [H, D, D]}, computed from the current parameters. */
    public Tensor mergedKQ() {
        if (form == Parametrisation.MERGED) {
            return kq.value().copy();
        }
        return headProducts(key.value(), query.value(), keySize);
    }

    /** {@code PV_h = P_h W_V,h} for every head, {@code [H, D, D]}, computed from the current parameters. */
    public Tensor mergedPV() {
        if (form == Parametrisation.MERGED) {
            return pv.value().copy();
        }
        Tensor out = Tensor.zeros(heads, dim, dim);
        double[] o = out.data();
        double[] p = projection.value().data();
        double[] v = value.value().data();
        int hv = heads * valueSize;
        for (int h = 0; h < heads; h++) {
            for (int r = 0; r < dim; r++) {
                for (int c = 0; c < dim; c++) {
                    double s = 0;
                    for (int t = 0; t < valueSize; t++) {
                        s += p[r * hv + h * valueSize + t] * v[(h * valueSize + t) * dim + c];
                    }
                    o[(h * dim + r) * dim + c] = s;
                }
            }
        }
        return out;
    }

    /** Per head, {@code A_h^T B_h} where {@code A_h, B_h} are the head's row blocks of size {@code rows}. */
    private Tensor headProducts(Tensor a, Tensor b, int rows) {
        Tensor out = Tensor.zeros(heads, dim, dim);
        double[] o = out.data();
        double[] ad = a.data();
        double[] bd = b.data();
        for (int h = 0; h < heads; h++) {
            for (int r = 0; r < dim; r++) {
                for (int c = 0; c < dim; c++) {
                    double s = 0;
                    for (int t = h * rows; t < (h + 1) * rows; t++) {
                        s += ad[t * dim + r] * bd[t * dim + c];
                    }
                    o[(h * dim + r) * dim + c] = s;
                }
            }
        }
        return out;
    }

    @Override
    public Var forward(Var input) {
        int[] s = input.shape();
        if (s.length != 3 || s[2] != dim) {
            throw new IllegalArgumentException("LinearSelfAttention(dim=" + dim + "): expected tokens [B, T, " + dim
                    + "], got " + Arrays.toString(s));
        }
        int b = s[0];
        int t = s[1];
        Var weights = Var.constant(mask.averagingWeights(t));                  // [T, T]
        PerSampleTap tap = perSampleTap();
        Var update;
        if (form == Parametrisation.FACTORED) {
            Var q = AttentionHeads.split(AttentionHeads.project(tap, query, input), heads, keySize);   // [B, H, T, k]
            Var k = AttentionHeads.split(AttentionHeads.project(tap, key, input), heads, keySize);     // [B, H, T, k]
            Var v = AttentionHeads.split(AttentionHeads.project(tap, value, input), heads, valueSize); // [B, H, T, v]
            Var scores = q.matmul(k, false, true).mul(weights);                                        // [B, H, T, T]
            Var merged = AttentionHeads.merge(scores.matmul(v));                                       // [B, T, H*v]
            update = AttentionHeads.project(tap, projection, merged);                                  // [B, T, D]
        } else {
            Var e = input.reshape(b, 1, t, dim);                                          // [B, 1, T, D]
            Var scores = AttentionHeads.project(tap, kq, e).matmul(e, false, true)       // [B, H, T, T]
                    .mul(weights);
            Var values = AttentionHeads.project(tap, pv, e);                              // [B, H, T, D]
            update = scores.matmul(values).sum(1, false);                                 // [B, T, D]
        }
        return residual ? input.add(update) : update;
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", heads=" + heads + (form == Parametrisation.FACTORED ? ", key_size=" + keySize
                + ", value_size=" + valueSize : "") + ", form=" + form.name().toLowerCase() + ", mask=" + mask
                + ", residual=" + pythonBool(residual);
    }

    /** Options for {@link LinearSelfAttention}; defaults: one head, key and value size D, factored, full mask, residual. */
    public static final class Builder {
        private final int dim;
        private int heads = 1;
        private int keySize;
        private int valueSize;
        private Parametrisation form = Parametrisation.FACTORED;
        private AttentionMask mask = AttentionMask.full();
        private boolean residual = true;
        private Initializer init = Initializer.torchDefaultWeight();

        private Builder(int dim) {
            if (dim <= 0) {
                throw new IllegalArgumentException("LinearSelfAttention: dim must be positive, got " + dim);
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

        /** The key/query size per head (default D; factored form). */
        public Builder keySize(int keySize) {
            this.keySize = positive("keySize", keySize);
            return this;
        }

        /** The value size per head (default D; factored form). */
        public Builder valueSize(int valueSize) {
            this.valueSize = positive("valueSize", valueSize);
            return this;
        }

        /** Factored (default) or merged parameters. */
        public Builder parametrisation(Parametrisation form) {
            this.form = form;
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

        /**
         * The initialiser of every matrix (default PyTorch's Linear default; von Oswald et al. use
         * {@code Initializer.normal(0, 0.002)}).
         */
        public Builder init(Initializer init) {
            this.init = init;
            return this;
        }

        /** Builds the layer, drawing the initial matrices from {@code rng} in parameter order. */
        public LinearSelfAttention build(RandomStream rng) {
            return new LinearSelfAttention(this, rng);
        }

        private static int positive(String name, int v) {
            if (v <= 0) {
                throw new IllegalArgumentException("LinearSelfAttention: " + name + " must be positive, got " + v);
            }
            return v;
        }
    }
}
