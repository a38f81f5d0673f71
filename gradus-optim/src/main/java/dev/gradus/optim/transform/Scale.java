package dev.gradus.optim.transform;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.tensor.TensorMap;

/**
 * Multiplies updates by a factor: {@code u <- step_size_t * u}. Reference: {@code optax.scale}.
 */
public final class Scale extends Configurable<Scale> {

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
    public OptState init(TensorMap params) {
        return new CountState();
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        CountState s = (CountState) state;
        double factor = at("step_size", s.count().get());
        for (String name : updates.names()) {
            double[] u = updates.get(name).data();
            for (int i = 0; i < u.length; i++) {
                u[i] = factor * u[i];
            }
        }
        s.count().increment();
    }
}
