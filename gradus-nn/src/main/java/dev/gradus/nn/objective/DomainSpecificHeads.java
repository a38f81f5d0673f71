package dev.gradus.nn.objective;

import dev.gradus.autodiff.Var;
import dev.gradus.nn.Linear;
import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.List;

/**
 * DRM's model (Zhang et al., "Domain-Specific Risk Minimization for Out-of-Distribution Generalization", KDD
 * 2023): a shared featurizer {@code φ} and one linear classifier head per source domain, plus, optionally, one
 * head for the pooled sources (the reference code carries {@code K + 1} heads), so that for an input {@code x}
 * <pre>
 *   z_k(x) = W_k φ(x) + b_k,      k = 0 … K−1 (domain heads),   z_K(x) = W_K φ(x) + b_K (pooled head).
 * </pre>
 * Head {@code k} is trained only on domain {@code k} ({@link DomainSpecificRisk}); at test time the heads are
 * combined per sample by their confidence ({@link EntropyWeighting}) and steered online on the test stream
 * ({@link OnlineSteering}). With no domain heads and the pooled head only, the model is plain pooled ERM.
 *
 * <p>{@link #forward} returns the logits of every head stacked to shape {@code [heads, n, classes]}, the
 * domain heads first, then the pooled head. Parameters are named {@code featurizer.…}, {@code head0.…}, …,
 * {@code pooled.…}.
 *
 * <pre>{@code
 * Module phi = new Sequential(new Linear(64, 32, rng), new ReLU());
 * DomainSpecificHeads drm = new DomainSpecificHeads(phi, 32, 10, 3, true, rng);
 * Var logits = drm.forward(Var.constant(x));               // [4, n, 10]
 * }</pre>
 */
public final class DomainSpecificHeads extends Module {

    private final Module featurizer;
    private final List<Linear> heads;
    private final int domains;
    private final int classes;
    private final boolean pooled;

    /**
     * @param featurizer the shared featurizer, mapping a batch to {@code [n, features]}
     * @param features the featurizer's output width, at least 1
     * @param classes the number of classes, at least 2
     * @param domains the number of source domains {@code K ≥ 0}, one head each
     * @param pooledHead whether to add the head on the pooled sources (required when {@code domains} is 0)
     * @param rng the stream the heads are initialised from (PyTorch's default {@code Linear} initialisation)
     */
    public DomainSpecificHeads(Module featurizer, int features, int classes, int domains, boolean pooledHead,
                               RandomStream rng) {
        if (featurizer == null) {
            throw new IllegalArgumentException("DomainSpecificHeads: the featurizer is null");
        }
        if (features < 1 || classes < 2 || domains < 0 || (domains == 0 && !pooledHead)) {
            throw new IllegalArgumentException("DomainSpecificHeads: features " + features + ", classes " + classes
                    + ", domains " + domains + ", pooled head " + pooledHead + "; need features >= 1, classes >= 2 "
                    + "and at least one head");
        }
        this.featurizer = addModule("featurizer", featurizer);
        this.domains = domains;
        this.classes = classes;
        this.pooled = pooledHead;
        List<Linear> hs = new ArrayList<>();
        for (int k = 0; k < domains; k++) {
            hs.add(addModule("head" + k, new Linear(features, classes, rng)));
        }
        if (pooledHead) {
            hs.add(addModule("pooled", new Linear(features, classes, rng)));
        }
        this.heads = List.copyOf(hs);
    }

    /** The number of source domains {@code K} (domain heads). */
    public int domains() {
        return domains;
    }

    /** The number of heads: {@code K}, plus one with the pooled head. */
    public int heads() {
        return heads.size();
    }

    /** The number of classes. */
    public int classes() {
        return classes;
    }

    /** Whether the last head is the pooled one. */
    public boolean hasPooledHead() {
        return pooled;
    }

    /** The featurizer φ. */
    public Module featurizer() {
        return featurizer;
    }

    /** Head {@code k}: the domain heads {@code 0 … K−1}, then the pooled head. */
    public Linear head(int k) {
        if (k < 0 || k >= heads.size()) {
            throw new IllegalArgumentException("DomainSpecificHeads: head " + k + " of " + heads.size());
        }
        return heads.get(k);
    }

    /** φ(x). */
    public Var features(Var x) {
        return featurizer.forward(x);
    }

    /** The logits of every head on the features {@code h}, stacked to {@code [heads, n, classes]}. */
    public Var headLogits(Var h) {
        List<Var> out = new ArrayList<>(heads.size());
        for (Linear head : heads) {
            out.add(head.forward(h));
        }
        return Var.stack(out, 0);
    }

    /** The logits of every head, {@code [heads, n, classes]}. */
    @Override
    public Var forward(Var input) {
        return headLogits(features(input));
    }

    /** The live tensors of the heads' parameters (not the featurizer's), by name: what DRM steers. */
    public TensorMap headParameters() {
        TensorMap all = namedParameters();
        TensorMap out = new TensorMap();
        for (String name : all.names()) {
            if (!name.startsWith("featurizer.")) {
                out.put(name, all.get(name));
            }
        }
        return out;
    }
}
