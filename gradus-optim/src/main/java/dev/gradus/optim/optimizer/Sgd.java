package dev.gradus.optim.optimizer;

import dev.gradus.optim.Counter;
import dev.gradus.optim.FusedOptimizer;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Schedule;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.Transforms;
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
public final class Sgd extends FusedOptimizer<Sgd> {

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

    private final Schedule lr;
    private final Schedule momentum;
    private final Schedule dampening;
    private final Schedule weightDecay;
    private final boolean nesterov;
    private final boolean noMomentum;

    /** From validated hyperparameters; use {@code Optimizers.sgd()}. */
    public Sgd(Hyperparams hp) {
        super(hp);
        this.lr = hp.schedule("lr");
        this.momentum = hp.schedule("momentum");
        this.dampening = hp.schedule("dampening");
        this.weightDecay = hp.schedule("weight_decay");
        this.nesterov = hp.flag("nesterov");
        this.noMomentum = momentum instanceof ConstantSchedule c && c.value() == 0;
        if (nesterov && (noMomentum || !(dampening instanceof ConstantSchedule d && d.value() == 0))) {
            throw new IllegalArgumentException("sgd: nesterov=true requires a momentum and zero dampening, got momentum="
                    + momentum + ", dampening=" + dampening);
        }
    }

    /** Sets the learning rate. */
    public Sgd lr(double value) {
        return with("lr", value);
    }

    /** Sets the learning rate schedule. */
    public Sgd lr(Schedule value) {
        return with("lr", value);
    }

    /** Sets the momentum factor. */
    public Sgd momentum(double value) {
        return with("momentum", value);
    }

    /** Sets the dampening. */
    public Sgd dampening(double value) {
        return with("dampening", value);
    }

    /** Sets the coupled L2 coefficient. */
    public Sgd weightDecay(double value) {
        return with("weight_decay", value);
    }

    /** Turns Nesterov momentum on or off. */
    public Sgd nesterov(boolean value) {
        return with("nesterov", value);
    }

    @Override
    public Trace.State init(TensorMap params) {
        return new Trace.State(new Counter(), noMomentum ? new TensorMap() : params.zerosLike());
    }

    @Override
    protected void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply) {
        Trace.State s = (Trace.State) state;
        long t = s.count().get();
        double negLr = -lr.at(t);
        double mu = momentum.at(t);
        double keep = 1.0 - dampening.at(t);
        double wd = weightDecay.at(t);
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] g = grads.get(name).data();
            double[] b = mu != 0 ? s.trace().get(name).data() : g;
            for (int i = 0; i < p.length; i++) {
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
        }
        s.count().increment();
    }

    @Override
    public GradientTransformation reference() {
        return Transforms.chain(Transforms.addDecayedWeights(weightDecay),
                Transforms.trace(momentum).with("dampening", dampening).with("nesterov", nesterov),
                Transforms.scaleByLearningRate(lr));
    }
}
