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
 * Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) with coupled L2 weight
 * decay and AMSGrad (Reddi, Kale &amp; Kumar, "On the Convergence of Adam and Beyond", ICLR 2018),
 * following {@code torch.optim.Adam} (PyTorch 1.13):
 *
 * <pre>
 * g_t  = grad + weight_decay &middot; p_{t-1}                       (coupled L2)
 * m_t  = b1 m_{t-1} + (1 - b1) g_t
 * v_t  = b2 v_{t-1} + (1 - b2) g_t^2
 * vmax_t = max(vmax_{t-1}, v_t)                                  (amsgrad: use vmax_t for v_t below)
 * p_t  = p_{t-1} - lr &middot; (m_t / (1 - b1^t)) / (sqrt(v_t) / sqrt(1 - b2^t) + eps)
 * </pre>
 *
 * <p>Defaults (torch): {@code lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=false}.
 * Every scalar may be a schedule, evaluated at the step count before the update.
 *
 * <p>Deviations: torch's {@code maximize}, {@code foreach}, {@code capturable}, {@code differentiable}
 * and {@code fused} are not offered (the last four are execution strategies). The bias corrections are
 * multiplied in as reciprocals; the result matches torch within a few ulps (the golden trajectory
 * {@code adam.json} checks 1e-10).
 *
 * <p>Reference chain: {@code chain(add_decayed_weights(weight_decay), scale_by_adam(b1, b2, eps, amsgrad),
 * scale_by_learning_rate(lr))}, equal to the fused step bit for bit.
 *
 * <p>With {@code params} a {@code TensorMap} and {@code objective} an {@link dev.gradus.optim.Objective}
 * (loss and gradient at any point):
 *
 * <pre>{@code
 * GradientTransformation opt = Optimizers.adam().lr(1e-3).betas(0.9, 0.999);
 * OptState state = opt.init(params);
 * for (int i = 0; i < 5; i++) {
 *     double loss = opt.step(params, objective, state); // evaluates loss and gradient at params, then steps
 * }
 * }</pre>
 */
public final class Adam extends FusedOptimizer<Adam>
        implements Fluent.Lr<Adam>, Fluent.Betas<Adam>, Fluent.Eps<Adam>, Fluent.WeightDecay<Adam>, Fluent.Amsgrad<Adam> {

    /** Spec: {@code adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0, amsgrad=false)}. */
    public static final Descriptor<Adam> SPEC = Descriptor.builder("adam", Descriptor.Kind.OPTIMIZER, Adam::new)
            .summary("Adam with coupled L2 weight decay and optional AMSGrad")
            .reference("Kingma & Ba, ICLR 2015; Reddi et al., ICLR 2018; torch.optim.Adam")
            .param(Param.scalar("lr", 1e-3, "learning rate").range(Range.atLeast(0)))
            .param(Param.scalars("betas", List.of(0.9, 0.999), "decays of the first and second moments")
                    .range(Range.closedOpen(0, 1)))
            .param(Param.scalar("eps", 1e-8, "added to the denominator").range(Range.atLeast(0)))
            .param(Param.scalar("weight_decay", 0.0, "coupled L2 coefficient").range(Range.atLeast(0)))
            .param(Param.flag("amsgrad", false, "use the running maximum of the second moment"))
            .build();

    /** From validated hyperparameters; use {@code Optimizers.adam()}. */
    public Adam(Hyperparams hp) {
        super(hp);
    }

    @Override
    public ScaleByAdam.State init(TensorMap params) {
        return AdamKernel.preconditioner(hp).init(params);
    }

    @Override
    protected void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply) {
        AdamKernel.run(params, grads, (ScaleByAdam.State) state, hp, false, apply);
    }

    @Override
    public GradientTransformation reference() {
        return Transforms.chain(Transforms.addDecayedWeights(hp.schedule("weight_decay")), AdamKernel.preconditioner(hp),
                Transforms.scaleByLearningRate(hp.schedule("lr")));
    }
}
