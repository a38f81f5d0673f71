package dev.gradus.train;

import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.optim.Capability;
import dev.gradus.tensor.Tensor;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The loss-only training step, for derivative-free training: forward the batch and take its loss without
 * recording a graph, then step the optimizer with zero gradients and a context that offers the batch loss at any
 * parameters ({@link Capability#LOSS}) and the step's random stream. A zeroth-order estimator at the head of the
 * optimizer ({@code chain(zo_rank_gradient(m=10), adam(lr=1e-2))}) turns losses into a gradient estimate; an
 * optimizer that needs true gradients is refused when the trainer is built.
 */
final class LossOnlyStep implements TrainStep {
    static final LossOnlyStep INSTANCE = new LossOnlyStep();

    private static final Set<Capability> OFFERS = Collections.unmodifiableSet(
            EnumSet.of(Capability.LOSS, Capability.RANDOM));

    private LossOnlyStep() {}

    @Override
    public Set<Capability> offers() {
        return OFFERS;
    }

    @Override
    public StepOutcome run(StepInput in) {
        double lv = 0.0;
        Tensor output = null;
        if (in.batch().size() > 0) {
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                Var out = in.model().forward(Var.constant(in.input()));
                lv = in.loss().apply(out, in.batch().y()).item();
                output = out.value();
            }
            in.checkLoss(lv);
        }
        in.optimizer().step(in.params(), in.params().zerosLike(), in.optimizerState(),
                in.context(lv).objective(null).hvp(null).perSample(null).build());
        return new StepOutcome(lv, output, in.batch().size());
    }

    @Override
    public String describe() {
        return "loss_only";
    }
}
