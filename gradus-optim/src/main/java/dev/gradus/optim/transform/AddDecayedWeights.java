package dev.gradus.optim.transform;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;

/**
 * Adds weight decay to the updates: {@code u <- u + weight_decay_t * p}.
 *
 * <p>Where it sits in a chain decides which weight decay it is:
 * <ul>
 *   <li>first, before a preconditioner: <b>coupled L2</b>, the gradient of {@code wd/2 ||p||^2}, as the
 *       {@code weight_decay} of {@code torch.optim.SGD}, {@code Adam}, {@code RMSprop}, {@code Adagrad};</li>
 *   <li>after the preconditioner, before {@code scale_by_learning_rate}: <b>decoupled</b> weight decay
 *       (Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization", ICLR 2019), as
 *       {@code torch.optim.AdamW}: the decay is scaled by the learning rate but not preconditioned.</li>
 * </ul>
 * Wrap it in {@code masked} to spare biases and norm gains. Reference: {@code optax.add_decayed_weights}.
 */
public final class AddDecayedWeights extends CountedTransform<AddDecayedWeights> {

    /** Spec: {@code add_decayed_weights(weight_decay)}. */
    public static final Descriptor<AddDecayedWeights> SPEC = Descriptor
            .builder("add_decayed_weights", Descriptor.Kind.TRANSFORM, AddDecayedWeights::new)
            .summary("u <- u + weight_decay * p (coupled L2 first in a chain, decoupled after the preconditioner)")
            .reference("Loshchilov & Hutter, ICLR 2019; optax.add_decayed_weights")
            .param(Param.scalar("weight_decay", 0.0, "decay coefficient").range(Range.atLeast(0)))
            .build();

    /** From validated hyperparameters; see {@code Transforms.addDecayedWeights}. */
    public AddDecayedWeights(Hyperparams hp) {
        super(hp);
    }

    @Override
    protected void transform(TensorMap updates, TensorMap params, long t) {
        Trees.axpy(at("weight_decay", t), params, updates);
    }
}
