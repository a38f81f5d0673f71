package dev.gradus.optim.transform;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;

/**
 * Rescales all updates together so that their global L2 norm is at most {@code max_norm} (Pascanu,
 * Mikolov &amp; Bengio, "On the difficulty of training recurrent neural networks", ICML 2013):
 *
 * <pre>
 * n = sqrt(sum over all parameters and elements of u^2)
 * u &larr; u &middot; (max_norm / n)   when n &gt; max_norm
 * </pre>
 *
 * Reference: {@code optax.clip_by_global_norm}. Unlike {@code torch.nn.utils.clip_grad_norm_} no 1e-6 is
 * added to the norm. The sum runs over parameters in name order, so it is deterministic.
 */
public final class ClipByGlobalNorm extends CountedTransform<ClipByGlobalNorm> {

    /** Spec: {@code clip_by_global_norm(max_norm)}. */
    public static final Descriptor<ClipByGlobalNorm> SPEC = Descriptor
            .builder("clip_by_global_norm", Descriptor.Kind.TRANSFORM, ClipByGlobalNorm::new)
            .summary("rescale all updates so that their global L2 norm is at most max_norm")
            .reference("Pascanu et al., ICML 2013; optax.clip_by_global_norm")
            .param(Param.scalar("max_norm", 1.0, "largest global norm").range(Range.greaterThan(0)))
            .build();

    /** From validated hyperparameters; see {@code Transforms.clipByGlobalNorm}. */
    public ClipByGlobalNorm(Hyperparams hp) {
        super(hp);
    }

    @Override
    protected void transform(TensorMap updates, TensorMap params, long t) {
        double limit = at("max_norm", t);
        double norm = Trees.globalNorm(updates);
        if (norm > limit) {
            Trees.scale(limit / norm, updates);
        }
    }
}
