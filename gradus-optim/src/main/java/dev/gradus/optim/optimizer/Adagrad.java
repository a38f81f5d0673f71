package dev.gradus.optim.optimizer;

import dev.gradus.optim.Fluent;
import dev.gradus.optim.FusedOptimizer;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.kernel.Chunks;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.optim.transform.ScaleByRss;
import dev.gradus.tensor.TensorMap;

/**
 * Adagrad (Duchi, Hazan &amp; Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic
 * Optimization", JMLR 2011), following {@code torch.optim.Adagrad} (PyTorch 1.13):
 *
 * <pre>
 * clr_t = lr / (1 + (t - 1) &middot; lr_decay)              (t = 1 for the first step)
 * g_t   = grad + weight_decay &middot; p_{t-1}
 * s_t   = s_{t-1} + g_t^2                            (s_0 = initial_accumulator_value)
 * p_t   = p_{t-1} - clr_t &middot; g_t / (sqrt(s_t) + eps)
 * </pre>
 *
 * <p>Defaults (torch): {@code lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10}.
 * {@code lr_decay} is torch's inverse-time decay; any other decay is a schedule on {@code lr}.
 *
 * <p>Reference chain: {@code chain(add_decayed_weights(weight_decay), scale_by_rss(initial_accumulator_value,
 * eps), scale_by_learning_rate(t -> lr / (1 + t lr_decay)))}, equal to the fused step bit for bit.
 */
public final class Adagrad extends FusedOptimizer<Adagrad> implements Fluent.Lr<Adagrad>, Fluent.LrDecay<Adagrad>,
        Fluent.WeightDecay<Adagrad>, Fluent.InitialAccumulatorValue<Adagrad>, Fluent.Eps<Adagrad> {

    /** Spec: {@code adagrad(lr=0.01, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10)}. */
    public static final Descriptor<Adagrad> SPEC = Descriptor.builder("adagrad", Descriptor.Kind.OPTIMIZER, Adagrad::new)
            .summary("Adagrad with inverse-time learning-rate decay and coupled L2 weight decay")
            .reference("Duchi, Hazan & Singer, JMLR 2011; torch.optim.Adagrad")
            .param(Param.scalar("lr", 1e-2, "learning rate").range(Range.atLeast(0)))
            .param(Param.scalar("lr_decay", 0.0, "inverse-time decay of the learning rate").range(Range.atLeast(0)))
            .param(Param.scalar("weight_decay", 0.0, "coupled L2 coefficient").range(Range.atLeast(0)))
            .param(Param.number("initial_accumulator_value", 0.0, "starting value of the sum of squares")
                    .range(Range.atLeast(0)))
            .param(Param.scalar("eps", 1e-10, "added to the denominator").range(Range.atLeast(0)))
            .build();

    /** From validated hyperparameters; use {@code Optimizers.adagrad()}. */
    public Adagrad(Hyperparams hp) {
        super(hp);
    }

    private ScaleByRss rss() {
        return (ScaleByRss) ScaleByRss.SPEC.defaults()
                .with("initial_accumulator_value", hp.number("initial_accumulator_value")).with("eps", hp.schedule("eps"))
                .create();
    }

    /** The decayed learning rate at step {@code t} (0 for the first step). */
    private double clr(long t) {
        return at("lr", t) / (1.0 + t * at("lr_decay", t));
    }

    @Override
    public ScaleByRss.State init(TensorMap params) {
        return rss().init(params);
    }

    @Override
    protected void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply) {
        ScaleByRss.State s = (ScaleByRss.State) state;
        long t = s.count().get();
        double negLr = -clr(t);
        double wd = at("weight_decay", t);
        double e = at("eps", t);
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] g = grads.get(name).data();
            double[] sum = s.sum().get(name).data();
            Chunks.run(p.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double pi = p[i];
                    double gi = g[i] + wd * pi;
                    double si = sum[i] + gi * gi;
                    sum[i] = si;
                    double u = negLr * (gi / (Math.sqrt(si) + e));
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
        return Transforms.chain(Transforms.addDecayedWeights(hp.schedule("weight_decay")), rss(),
                Transforms.scaleByLearningRate(this::clr));
    }
}
