package dev.gradus.optim.optimizer;

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
import dev.gradus.optim.transform.Trace;
import dev.gradus.tensor.TensorMap;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and coupled L2 weight decay,
 * following {@code torch.optim.SGD} (PyTorch 1.13; Nesterov form of Sutskever et al., ICML 2013):
 *
 * <pre>
 * d_t = g_t + weight_decay &middot; p_{t-1}
 * b_1 = d_1;   b_t = momentum &middot; b_{t-1} + (1 - dampening) &middot; d_t           (when momentum != 0)
 * d_t &larr; d_t + momentum &middot; b_t   if nesterov,   else   d_t &larr; b_t
 * p_t = p_{t-1} - lr &middot; d_t
 * </pre>
 *
 * <p>Defaults (torch): {@code lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=false}.
 * PyTorch 1.13 made {@code lr} required; PyTorch 2.x defaults it to 0.001, which is followed here.
 * Nesterov needs a momentum and zero dampening, as in torch. The momentum buffer is allocated by
 * {@code init} unless momentum is the constant 0.
 *
 * <p>Reference chain: {@code chain(add_decayed_weights(weight_decay), trace(decay=momentum, dampening,
 * nesterov), scale_by_learning_rate(lr))}, equal to the fused step bit for bit.
 */
public final class Sgd extends FusedOptimizer<Sgd>
        implements Fluent.Lr<Sgd>, Fluent.Momentum<Sgd>, Fluent.Dampening<Sgd>, Fluent.WeightDecay<Sgd>, Fluent.Nesterov<Sgd> {

    /** Spec: {@code sgd(lr=0.001, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=false)}. */
    public static final Descriptor<Sgd> SPEC = Descriptor.builder("sgd", Descriptor.Kind.OPTIMIZER, Sgd::new)
            .summary("SGD with momentum, dampening, Nesterov and coupled L2 weight decay")
            .reference("Robbins & Monro 1951; Sutskever et al., ICML 2013; torch.optim.SGD")
            .param(Param.scalar("lr", 1e-3, "learning rate").range(Range.atLeast(0)))
            .param(Param.scalar("momentum", 0.0, "momentum factor").range(Range.atLeast(0)))
            .param(Param.scalar("dampening", 0.0, "dampening of the new gradient in the buffer")
                    .range(Range.closed(0, 1)))
            .param(Param.scalar("weight_decay", 0.0, "coupled L2 coefficient").range(Range.atLeast(0)))
            .param(Param.flag("nesterov", false, "Nesterov momentum"))
            .build();

    private final boolean noMomentum;

    /** From validated hyperparameters; use {@code Optimizers.sgd()}. */
    public Sgd(Hyperparams hp) {
        super(hp);
        this.noMomentum = hp.schedule("momentum") instanceof ConstantSchedule c && c.value() == 0;
        boolean undamped = hp.schedule("dampening") instanceof ConstantSchedule d && d.value() == 0;
        if (flag("nesterov") && (noMomentum || !undamped)) {
            throw new IllegalArgumentException("sgd: nesterov=true requires a momentum and zero dampening, got momentum="
                    + hp.schedule("momentum") + ", dampening=" + hp.schedule("dampening"));
        }
    }

    @Override
    public Trace.State init(TensorMap params) {
        return new Trace.State(new Counter(), noMomentum ? new TensorMap() : params.zerosLike());
    }

    @Override
    protected void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply) {
        Trace.State s = (Trace.State) state;
        long t = s.count().get();
        double negLr = -at("lr", t);
        double mu = at("momentum", t);
        double keep = 1.0 - at("dampening", t);
        double wd = at("weight_decay", t);
        boolean nesterov = flag("nesterov");
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] g = grads.get(name).data();
            double[] b = mu != 0 ? s.trace().get(name).data() : g;
            Chunks.run(p.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double pi = p[i];
                    double d = g[i] + wd * pi;
                    if (mu != 0) {
                        double bi = t == 0 ? d : mu * b[i] + keep * d;
                        b[i] = bi;
                        d = nesterov ? d + mu * bi : bi;
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
                Transforms.trace(hp.schedule("momentum")).with("dampening", hp.schedule("dampening"))
                        .with("nesterov", flag("nesterov")),
                Transforms.scaleByLearningRate(hp.schedule("lr")));
    }
}
