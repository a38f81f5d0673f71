package dev.gradus.optim.optimizer;

import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.Fluent;
import dev.gradus.optim.FusedOptimizer;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.kernel.Chunks;
import dev.gradus.optim.schedule.ConstantSchedule;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.optim.transform.ScaleByRms;
import dev.gradus.tensor.TensorMap;

/**
 * RMSprop (Tieleman &amp; Hinton, Coursera lecture 6.5, 2012), centered variant of Graves (2013), with
 * momentum and coupled L2 weight decay, following {@code torch.optim.RMSprop} (PyTorch 1.13):
 *
 * <pre>
 * g_t = grad + weight_decay &middot; p_{t-1}
 * v_t = alpha v_{t-1} + (1 - alpha) g_t^2
 * m_t = alpha m_{t-1} + (1 - alpha) g_t;   den = sqrt(v_t - m_t^2) + eps    (centered)
 *                                          den = sqrt(v_t) + eps             (otherwise)
 * b_t = momentum &middot; b_{t-1} + g_t / den;   p_t = p_{t-1} - lr &middot; b_t       (momentum &gt; 0)
 * p_t = p_{t-1} - lr &middot; g_t / den                                             (otherwise)
 * </pre>
 *
 * <p>Defaults (torch): {@code lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, centered=false}.
 * Note that eps is added after the square root and there is no bias correction (unlike Adam). The
 * running mean {@code gradAvg} exists only when centered, the buffer only unless momentum is the
 * constant 0.
 *
 * <p>Reference chain: {@code chain(add_decayed_weights(weight_decay), scale_by_rms(alpha, eps, centered),
 * trace(decay=momentum), scale_by_learning_rate(lr))}, equal to the fused step bit for bit.
 */
public final class RmsProp extends FusedOptimizer<RmsProp> implements Fluent.Lr<RmsProp>, Fluent.Alpha<RmsProp>,
        Fluent.Eps<RmsProp>, Fluent.WeightDecay<RmsProp>, Fluent.Momentum<RmsProp>, Fluent.Centered<RmsProp> {

    /** Spec: {@code rmsprop(lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0, momentum=0.0, centered=false)}. */
    public static final Descriptor<RmsProp> SPEC = Descriptor.builder("rmsprop", Descriptor.Kind.OPTIMIZER, RmsProp::new)
            .summary("RMSprop with momentum, centering and coupled L2 weight decay")
            .reference("Tieleman & Hinton 2012; Graves 2013 (centered); torch.optim.RMSprop")
            .param(Param.scalar("lr", 1e-2, "learning rate").range(Range.atLeast(0)))
            .param(Param.scalar("alpha", 0.99, "smoothing constant").range(Range.closedOpen(0, 1)))
            .param(Param.scalar("eps", 1e-8, "added to the denominator").range(Range.atLeast(0)))
            .param(Param.scalar("weight_decay", 0.0, "coupled L2 coefficient").range(Range.atLeast(0)))
            .param(Param.scalar("momentum", 0.0, "momentum factor").range(Range.atLeast(0)))
            .param(Param.flag("centered", false, "normalise by the estimated variance of the gradient"))
            .build();

    /** RMSprop state: step count, mean of squares, mean (centered), momentum buffer (momentum). */
    public record State(Counter count, TensorMap squareAvg, TensorMap gradAvg, TensorMap momentumBuffer)
            implements Counted {}

    private final boolean noMomentum;

    /** From validated hyperparameters; use {@code Optimizers.rmsprop()}. */
    public RmsProp(Hyperparams hp) {
        super(hp);
        this.noMomentum = hp.schedule("momentum") instanceof ConstantSchedule c && c.value() == 0;
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.zerosLike(), flag("centered") ? params.zerosLike() : new TensorMap(),
                noMomentum ? new TensorMap() : params.zerosLike());
    }

    @Override
    protected void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply) {
        State s = (State) state;
        long t = s.count().get();
        double negLr = -at("lr", t);
        double a = at("alpha", t);
        double e = at("eps", t);
        double wd = at("weight_decay", t);
        double mu = at("momentum", t);
        boolean centered = flag("centered");
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] g = grads.get(name).data();
            double[] v = s.squareAvg().get(name).data();
            double[] m = centered ? s.gradAvg().get(name).data() : v;
            double[] b = mu != 0 ? s.momentumBuffer().get(name).data() : v;
            Chunks.run(p.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double pi = p[i];
                    double gi = g[i] + wd * pi;
                    double d = ScaleByRms.scaled(gi, v, m, i, a, e, centered);
                    if (mu != 0) {
                        double bi = t == 0 ? d : mu * b[i] + 1.0 * d;
                        b[i] = bi;
                        d = bi;
                    }
                    double u = negLr * d;
                    if (apply) {
                        p[i] = pi + u;
                    } else {
                        g[i] = u;
                    }
                }
            });
        }
        s.count().increment();
    }

    @Override
    public GradientTransformation reference() {
        return Transforms.chain(Transforms.addDecayedWeights(hp.schedule("weight_decay")),
                Transforms.scaleByRms().with("alpha", hp.schedule("alpha")).with("eps", hp.schedule("eps"))
                        .with("centered", flag("centered")),
                Transforms.trace(hp.schedule("momentum")), Transforms.scaleByLearningRate(hp.schedule("lr")));
    }
}
