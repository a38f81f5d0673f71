package dev.gradus.nn.objective;

import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;

/**
 * DRM's training objective for {@link DomainSpecificHeads}: every domain head is trained only on its own source
 * domain and the optional pooled head on all of them, all through the shared featurizer φ. For a batch whose
 * example {@code i} comes from domain {@code d_i} with label {@code y_i},
 * <pre>
 *   L(θ) = (1/|K_b|) Σ_{k ∈ K_b} (1/n_k) Σ_{i: d_i = k} ℓ(z_k(x_i), y_i)  +  (1/n) Σ_i ℓ(z_K(x_i), y_i),
 * </pre>
 * {@code ℓ} the softmax cross-entropy, {@code n_k} the number of examples of domain {@code k}, {@code K_b} the
 * domains present in the batch (the pooled term only with a pooled head). Without domain heads this is pooled
 * ERM. The reference code's extra head is presumably trained on the pooled data (not confirmed); here it is.
 *
 * <p>Its gradient reaches every parameter: head {@code k} gets {@code ∇ℓ} of its domain only, φ the sum of all.
 *
 * <pre>{@code
 * TensorMap g = drm.gradients(DomainSpecificRisk.loss(drm, x, domainOfRow, labels));
 * }</pre>
 */
public final class DomainSpecificRisk {

    private DomainSpecificRisk() {}

    /**
     * L for the model on a batch (φ evaluated once; each head only on its domain's rows).
     *
     * @param domains each row's source domain in {@code [0, K)}
     */
    public static Var loss(DomainSpecificHeads model, Tensor x, int[] domains, int[] labels) {
        int n = x.shape().length == 0 ? 0 : x.shape()[0];
        check(n, domains, labels, model.domains());
        Var h = model.features(Var.constant(x));
        Var total = Var.scalar(0.0);
        int[][] rows = rowsByDomain(domains, model.domains());
        int present = 0;
        Var domainSum = Var.scalar(0.0);
        for (int k = 0; k < model.domains(); k++) {
            if (rows[k].length == 0) {
                continue;
            }
            present++;
            Var logits = model.head(k).forward(h.indexSelect(rows[k]));
            domainSum = domainSum.add(Losses.softmaxCrossEntropy(logits, select(labels, rows[k])));
        }
        if (present > 0) {
            total = domainSum.div(present);
        }
        if (model.hasPooledHead()) {
            total = total.add(Losses.softmaxCrossEntropy(model.head(model.heads() - 1).forward(h), labels));
        }
        return total;
    }

    /**
     * L from the stacked logits {@code [heads, n, classes]} of every head on every row (the form of
     * {@link DomainSpecificHeads#forward}); {@code pooledHead} says whether the last head is the pooled one.
     */
    public static Var loss(Var stackedLogits, int[] domains, int[] labels, boolean pooledHead) {
        if (stackedLogits.rank() != 3) {
            throw new IllegalArgumentException("DomainSpecificRisk: stacked logits must be [heads, n, classes], got "
                    + "rank " + stackedLogits.rank());
        }
        int heads = stackedLogits.dim(0);
        int n = stackedLogits.dim(1);
        int c = stackedLogits.dim(2);
        int k = heads - (pooledHead ? 1 : 0);
        check(n, domains, labels, k);
        int[][] rows = rowsByDomain(domains, k);
        Var total = Var.scalar(0.0);
        int present = 0;
        Var domainSum = Var.scalar(0.0);
        for (int d = 0; d < k; d++) {
            if (rows[d].length == 0) {
                continue;
            }
            present++;
            Var logits = stackedLogits.narrow(0, d, 1).reshape(n, c).indexSelect(rows[d]);
            domainSum = domainSum.add(Losses.softmaxCrossEntropy(logits, select(labels, rows[d])));
        }
        if (present > 0) {
            total = domainSum.div(present);
        }
        if (pooledHead) {
            total = total.add(Losses.softmaxCrossEntropy(stackedLogits.narrow(0, k, 1).reshape(n, c), labels));
        }
        return total;
    }

    private static void check(int n, int[] domains, int[] labels, int k) {
        if (n == 0 || domains.length != n || labels.length != n) {
            throw new IllegalArgumentException("DomainSpecificRisk: a batch of " + n + " rows with " + domains.length
                    + " domain ids and " + labels.length + " labels; they must agree and be at least one");
        }
        for (int i = 0; i < n; i++) {
            if (domains[i] < 0 || (domains[i] >= k && k > 0) || (k == 0 && domains[i] != 0)) {
                throw new IllegalArgumentException("DomainSpecificRisk: row " + i + " has domain " + domains[i]
                        + "; the model has " + k + " domain heads");
            }
        }
    }

    private static int[][] rowsByDomain(int[] domains, int k) {
        int[] count = new int[k];
        for (int d : domains) {
            if (d < k) {
                count[d]++;
            }
        }
        int[][] rows = new int[k][];
        for (int d = 0; d < k; d++) {
            rows[d] = new int[count[d]];
        }
        int[] fill = new int[k];
        for (int i = 0; i < domains.length; i++) {
            int d = domains[i];
            if (d < k) {
                rows[d][fill[d]++] = i;
            }
        }
        return rows;
    }

    private static int[] select(int[] labels, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = labels[rows[i]];
        }
        return out;
    }
}
