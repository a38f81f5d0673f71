package dev.gradus.optim.transform;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.tensor.TensorMap;

/**
 * Replaces each update element by its sign: {@code u <- sign(u)}, with {@code sign(0) = 0} (Bernstein et
 * al., "signSGD: Compressed Optimisation for Non-Convex Problems", ICML 2018). NaN stays NaN.
 * Reference: {@code optax.scale_by_sign}.
 */
public final class ScaleBySign extends CountedTransform<ScaleBySign> {

    /** Spec: {@code scale_by_sign()}. */
    public static final Descriptor<ScaleBySign> SPEC = Descriptor
            .builder("scale_by_sign", Descriptor.Kind.TRANSFORM, ScaleBySign::new)
            .summary("u <- sign(u)")
            .reference("Bernstein et al., ICML 2018; optax.scale_by_sign")
            .build();

    /** From validated hyperparameters; see {@code Transforms.scaleBySign}. */
    public ScaleBySign(Hyperparams hp) {
        super(hp);
    }

    @Override
    protected void transform(TensorMap updates, TensorMap params, long t) {
        for (String name : updates.names()) {
            double[] u = updates.get(name).data();
            for (int i = 0; i < u.length; i++) {
                u[i] = Math.signum(u[i]);
            }
        }
    }
}
