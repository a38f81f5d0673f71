package dev.gradus.optim.transform;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;

/**
 * Divides the updates by their global L2 norm: {@code u <- scale_factor * u / (||u|| + eps)}, which
 * gives normalized gradient descent when followed by a learning rate. Reference:
 * {@code optax.normalize_by_update_norm}.
 */
public final class NormalizeByUpdateNorm extends CountedTransform<NormalizeByUpdateNorm> {

    /** Spec: {@code normalize_by_update_norm(scale_factor=1.0, eps=1e-06)}. */
    public static final Descriptor<NormalizeByUpdateNorm> SPEC = Descriptor
            .builder("normalize_by_update_norm", Descriptor.Kind.TRANSFORM, NormalizeByUpdateNorm::new)
            .summary("u <- scale_factor * u / (||u|| + eps), the global L2 norm")
            .reference("optax.normalize_by_update_norm")
            .param(Param.scalar("scale_factor", 1.0, "norm of the result"))
            .param(Param.scalar("eps", 1e-6, "added to the norm").range(Range.atLeast(0)))
            .build();

    /** From validated hyperparameters; see {@code Transforms.normalizeByUpdateNorm}. */
    public NormalizeByUpdateNorm(Hyperparams hp) {
        super(hp);
    }

    @Override
    protected void transform(TensorMap updates, TensorMap params, long t) {
        double factor = at("scale_factor", t) / (Trees.globalNorm(updates) + at("eps", t));
        Trees.scale(factor, updates);
    }
}
