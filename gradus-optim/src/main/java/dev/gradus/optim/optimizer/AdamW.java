package dev.gradus.optim.optimizer;

import dev.gradus.optim.Fluent;
import dev.gradus.optim.FusedOptimizer;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.optim.transform.ScaleByAdam;
import dev.gradus.tensor.TensorMap;
import java.util.List;

/**
 * AdamW: Adam with decoupled weight decay (Loshchilov &amp; Hutter, "Decoupled Weight Decay
 * Regularization", ICLR 2019), following {@code torch.optim.AdamW} (PyTorch 1.13):
 *
 * <pre>
 * m_t  = b1 m_{t-1} + (1 - b1) g_t
 * v_t  = b2 v_{t-1} + (1 - b2) g_t^2
 * vmax_t = max(vmax_{t-1}, v_t)                                  (amsgrad: use vmax_t for v_t below)
 * p_t  = p_{t-1} - lr &middot; ( (m_t / (1 - b1^t)) / (sqrt(v_t) / sqrt(1 - b2^t) + eps) + weight_decay &middot; p_{t-1} )
 * </pre>
 *
 * <p>Defaults (torch): {@code lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=false}.
 *
 * <p>Deviations: torch first shrinks {@code p <- p (1 - lr wd)} and then takes the Adam step; here the
 * decay is added to the update before the learning-rate scaling, as the reference chain does. The two
 * agree to rounding (the golden trajectory {@code adamw.json} checks 1e-10). Torch's execution-strategy
 * flags and {@code maximize} are not offered.
 *
 * <p>Reference chain: {@code chain(scale_by_adam(b1, b2, eps, amsgrad), add_decayed_weights(weight_decay),
 * scale_by_learning_rate(lr))}, equal to the fused step bit for bit.
 */
public final class AdamW extends FusedOptimizer<AdamW>
        implements Fluent.Lr<AdamW>, Fluent.Betas<AdamW>, Fluent.Eps<AdamW>, Fluent.WeightDecay<AdamW>, Fluent.Amsgrad<AdamW> {

    /** Spec: {@code adamw(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=false)}. */
    public static final Descriptor<AdamW> SPEC = Descriptor.builder("adamw", Descriptor.Kind.OPTIMIZER, AdamW::new)
            .summary("Adam with decoupled weight decay")
            .reference("Loshchilov & Hutter, ICLR 2019; torch.optim.AdamW")
            .param(Param.scalar("lr", 1e-3, "learning rate").range(Range.atLeast(0)))
            .param(Param.scalars("betas", List.of(0.9, 0.999), "decays of the first and second moments")
                    .range(Range.closedOpen(0, 1)))
            .param(Param.scalar("eps", 1e-8, "added to the denominator").range(Range.atLeast(0)))
            .param(Param.scalar("weight_decay", 1e-2, "decoupled weight decay coefficient").range(Range.atLeast(0)))
            .param(Param.flag("amsgrad", false, "use the running maximum of the second moment"))
            .build();

    /** From validated hyperparameters; use {@code Optimizers.adamw()}. */
    public AdamW(Hyperparams hp) {
        super(hp);
    }

    @Override
    public ScaleByAdam.State init(TensorMap params) {
        return AdamKernel.preconditioner(hp).init(params);
    }

    @Override
    protected void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply) {
        AdamKernel.run(params, grads, (ScaleByAdam.State) state, hp, true, apply);
    }

    @Override
    public GradientTransformation reference() {
        return Transforms.chain(AdamKernel.preconditioner(hp), Transforms.addDecayedWeights(hp.schedule("weight_decay")),
                Transforms.scaleByLearningRate(hp.schedule("lr")));
    }
}
