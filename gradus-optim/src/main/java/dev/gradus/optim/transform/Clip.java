package dev.gradus.optim.transform;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;

/**
 * Clips every update element to {@code [-max_delta, max_delta]}. Reference: {@code optax.clip}
 * ({@code torch.nn.utils.clip_grad_value_} with {@code clip_value} = max_delta). NaN stays NaN.
 */
public final class Clip extends CountedTransform<Clip> {

    /** Spec: {@code clip(max_delta)}. */
    public static final Descriptor<Clip> SPEC = Descriptor.builder("clip", Descriptor.Kind.TRANSFORM, Clip::new)
            .summary("clip each element to [-max_delta, max_delta]")
            .reference("optax.clip; torch.nn.utils.clip_grad_value_")
            .param(Param.scalar("max_delta", 1.0, "largest absolute value").range(Range.atLeast(0)))
            .build();

    /** From validated hyperparameters; see {@code Transforms.clip}. */
    public Clip(Hyperparams hp) {
        super(hp);
    }

    @Override
    protected void transform(TensorMap updates, TensorMap params, long t) {
        double hi = at("max_delta", t);
        double lo = -hi;
        for (String name : updates.names()) {
            double[] u = updates.get(name).data();
            for (int i = 0; i < u.length; i++) {
                double v = u[i];
                u[i] = v > hi ? hi : v < lo ? lo : v;
            }
        }
    }
}
