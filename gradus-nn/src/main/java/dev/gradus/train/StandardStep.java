package dev.gradus.train;

import dev.gradus.autodiff.Var;
import dev.gradus.optim.Capability;
import dev.gradus.tensor.TensorMap;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The standard training step: forward the batch, the loss, the gradients by parameter name, the guards, then
 * {@code optimizer.step(params, grads, state, ctx)} with the batch's full context (its objective at any
 * parameters, HVPs, per-example gradients where supported, the step's random stream), so SAM, L-BFGS and their
 * compositions train like any optimizer. An empty batch (a Poisson sampler can give one) has loss 0 and zero
 * gradients, and the optimizer still steps, as it would on the mean of no examples.
 */
final class StandardStep implements TrainStep {
    static final StandardStep INSTANCE = new StandardStep();

    private static final Set<Capability> OFFERS = Collections.unmodifiableSet(
            EnumSet.of(Capability.LOSS, Capability.GRADIENT, Capability.HVP, Capability.PER_SAMPLE, Capability.RANDOM));

    private StandardStep() {}

    @Override
    public Set<Capability> offers() {
        return OFFERS;
    }

    @Override
    public StepOutcome run(StepInput in) {
        if (in.batch().size() == 0) {
            TensorMap zeros = in.params().zerosLike();
            in.optimizer().step(in.params(), zeros, in.optimizerState(), in.context(0.0).build());
            return new StepOutcome(0.0, null, 0);
        }
        Var out = in.model().forward(Var.constant(in.input()));
        Var l = in.loss().apply(out, in.batch().y());
        return in.descend(l, out);
    }

    @Override
    public String describe() {
        return "standard";
    }
}
