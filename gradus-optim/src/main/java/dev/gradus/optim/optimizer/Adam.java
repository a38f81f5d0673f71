package dev.gradus.optim.optimizer;

import dev.gradus.optim.FusedOptimizer;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Schedule;
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
 * <pre>{@code
 * GradientTransformation opt = Optimizers.adam().lr(1e-3).betas(0.9, 0.999);
 * OptState state = opt.init(params);
 * for (int i = 0; i < 5; i++) {
 *     opt.step(params, loss.gradient(params), state);
 * }
 * }</pre>
 */
public final class Adam extends FusedOptimizer<Adam> {

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

    private final Schedule lr;
    private final List<Schedule> betas;
    private final Schedule eps;
    private final Schedule weightDecay;
    private final boolean amsgrad;

    /** From validated hyperparameters; use {@code Optimizers.adam()}. */
    public Adam(Hyperparams hp) {
        super(hp);
        this.lr = hp.schedule("lr");
        this.betas = hp.schedules("betas");
        this.eps = hp.schedule("eps");
        this.weightDecay = hp.schedule("weight_decay");
        this.amsgrad = hp.flag("amsgrad");
    }

    /** Sets the learning rate. */
    public Adam lr(double value) {
        return with("lr", value);
    }

    /** Sets the learning rate schedule. */
    public Adam lr(Schedule value) {
        return with("lr", value);
    }

    /** Sets the moment decays. */
    public Adam betas(double b1, double b2) {
        return with("betas", new double[] {b1, b2});
    }

    /** Sets eps. */
    public Adam eps(double value) {
        return with("eps", value);
    }

    /** Sets the coupled L2 coefficient. */
    public Adam weightDecay(double value) {
        return with("weight_decay", value);
    }

    /** Turns AMSGrad on or off. */
    public Adam amsgrad(boolean value) {
        return with("amsgrad", value);
    }

    @Override
    public ScaleByAdam.State init(TensorMap params) {
        return ScaleByAdam.of(betas, eps, amsgrad).init(params);
    }

    @Override
    protected void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply) {
        ScaleByAdam.State s = (ScaleByAdam.State) state;
        long t = s.count().get();
        AdamKernel.run(params, grads, s, lr.at(t), betas.get(0).at(t), betas.get(1).at(t), eps.at(t),
                weightDecay.at(t), false, amsgrad, apply);
    }

    @Override
    public GradientTransformation reference() {
        return Transforms.chain(Transforms.addDecayedWeights(weightDecay), ScaleByAdam.of(betas, eps, amsgrad),
                Transforms.scaleByLearningRate(lr));
    }
}
