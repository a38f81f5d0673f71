package dev.gradus.optim.transform;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;

/**
 * Scales updates by the learning rate, with the sign flipped so that applying them descends:
 *
 * <pre>
 * u &larr; -lr_t &middot; u        (u &larr; lr_t &middot; u when flip_sign=false)
 * </pre>
 *
 * The last link of most chains. Reference: {@code optax.scale_by_learning_rate}. The product is formed
 * as {@code (-lr) * u}, the same operation the fused optimizers perform, so that chains ending here
 * reproduce them bit for bit.
 */
public final class ScaleByLearningRate extends CountedTransform<ScaleByLearningRate> {

    /** Spec: {@code scale_by_learning_rate(lr, flip_sign=true)}. */
    public static final Descriptor<ScaleByLearningRate> SPEC = Descriptor
            .builder("scale_by_learning_rate", Descriptor.Kind.TRANSFORM, ScaleByLearningRate::new)
            .summary("u <- -lr * u")
            .reference("optax.scale_by_learning_rate")
            .param(Param.scalar("lr", 1e-3, "learning rate (a number or a schedule)"))
            .param(Param.flag("flip_sign", true, "negate, so that adding the update descends"))
            .build();

    /** From validated hyperparameters; see {@code Transforms.scaleByLearningRate}. */
    public ScaleByLearningRate(Hyperparams hp) {
        super(hp);
    }

    @Override
    protected void transform(TensorMap updates, TensorMap params, long t) {
        double rate = at("lr", t);
        double factor = flag("flip_sign") ? -rate : rate;
        Trees.scale(factor, updates);
    }
}
