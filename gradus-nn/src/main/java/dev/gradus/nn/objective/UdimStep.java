package dev.gradus.nn.objective;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.optim.Capability;
import dev.gradus.optim.Objective;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.StepInput;
import dev.gradus.train.StepOutcome;
import dev.gradus.train.TrainStep;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A {@link TrainStep} for UDIM (Shin et al., ICLR 2024) with a SAM optimizer
 * ({@code sam(adam(lr=3e-5, weight_decay=1e-4), rho=0.05)} in the reference): after the warm-up steps (plain
 * SAM), each step emulates an unknown domain from the batch ({@link UdimObjective#perturbStyle}), takes the
 * inconsistency gradient {@code λ ∇_θ Ω(θ)} at the current parameters, and hands the optimizer
 * <pre>
 *   g = ∇ℓ(θ; x) + λ ∇Ω(θ),   and an objective whose gradient at any θ' is ∇ℓ(θ'; x) + λ ∇Ω(θ),
 * </pre>
 * so SAM's descent gradient is the reference's {@code grad_sam + λ · grad_inconsistency}, with
 * {@code grad_sam = ∇ℓ(θ + ε; x)}. Deviation: SAM's ascent direction ε comes from {@code g}, which includes the
 * inconsistency gradient (the reference takes it from the style objective's parameter gradient at the
 * unperturbed images). With a plain optimizer the step trains ℓ + λ Ω (UDIM without SAM).
 *
 * <p>The batch's labels are class ids; the model is the objective's. The optimizer's context offers the loss
 * and the gradient at any point (for SAM) and the step's random stream; HVPs and per-sample gradients are not
 * this objective's and are not offered.
 */
public final class UdimStep implements TrainStep {

    private static final Set<Capability> OFFERS = Collections.unmodifiableSet(
            EnumSet.of(Capability.LOSS, Capability.GRADIENT, Capability.RANDOM));

    private final UdimObjective objective;
    private final long warmup;

    /**
     * @param objective the UDIM objective (its model must be the trainer's)
     * @param warmupSteps the number of first steps that are plain SAM (the reference: a fifth of the steps)
     */
    public UdimStep(UdimObjective objective, long warmupSteps) {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("UDIM step: warmupSteps must be >= 0, got " + warmupSteps);
        }
        this.objective = objective;
        this.warmup = warmupSteps;
    }

    @Override
    public Set<Capability> offers() {
        return OFFERS;
    }

    @Override
    public StepOutcome run(StepInput in) {
        int[] labels = in.batch().labels();
        Tensor x = in.input();
        if (labels.length == 0) {
            in.optimizer().step(in.params(), in.params().zerosLike(), in.optimizerState(), in.context(0.0).build());
            return new StepOutcome(0.0, null, 0);
        }
        Var out = in.model().forward(Var.constant(x));
        Var l = Losses.softmaxCrossEntropy(out, labels);
        double lv = l.item();
        in.checkLoss(lv);
        TensorMap grads = in.model().gradients(l);
        TensorMap extra = null;
        if (in.step() > warmup && objective.weight() > 0.0) {
            Tensor emulated = objective.perturbStyle(x, labels);
            extra = in.model().gradients(objective.inconsistency(x, emulated, labels).mul(objective.weight()));
            add(grads, extra);
        }
        in.checkGradients(grads);
        TensorMap fixed = extra;
        Objective sourceLoss = (params, g) -> {
            Map<String, Var> at = new LinkedHashMap<>();
            for (String name : params.names()) {
                at.put(name, Var.param(params.get(name)));
            }
            Var lp = Losses.softmaxCrossEntropy(in.model().call(at, Var.constant(x)), labels);
            TensorMap gp = Autodiff.grad(lp, at);
            for (String name : g.names()) {
                System.arraycopy(gp.get(name).data(), 0, g.get(name).data(), 0, g.get(name).size());
            }
            if (fixed != null) {
                add(g, fixed);
            }
            return lp.item();
        };
        in.optimizer().step(in.params(), grads, in.optimizerState(),
                in.context(lv).lossFunction(null).objective(sourceLoss).hvp(null).perSample(null).build());
        return new StepOutcome(lv, out.value(), labels.length);
    }

    private static void add(TensorMap into, TensorMap g) {
        for (String name : into.names()) {
            double[] a = into.get(name).data();
            double[] b = g.get(name).data();
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
        }
    }

    @Override
    public String describe() {
        return "udim";
    }
}
