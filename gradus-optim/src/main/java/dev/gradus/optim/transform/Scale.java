package dev.gradus.optim.transform;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;

/**
 * Multiplies updates by a factor: {@code u <- step_size_t * u}. Reference: {@code optax.scale}.
 */
public final class Scale extends CountedTransform<Scale> {

    /** Spec: {@code scale(step_size)}. */
    public static final Descriptor<Scale> SPEC = Descriptor.builder("scale", Descriptor.Kind.TRANSFORM, Scale::new)
            .summary("u <- step_size * u")
            .reference("optax.scale")
            .param(Param.scalar("step_size", 1.0, "the factor (a number or a schedule)"))
            .build();

    /** From validated hyperparameters; see {@code Transforms.scale}. */
    public Scale(Hyperparams hp) {
        super(hp);
    }

    @Override
    protected void transform(TensorMap updates, TensorMap params, long t) {
        Trees.scale(at("step_size", t), updates);
    }
}
