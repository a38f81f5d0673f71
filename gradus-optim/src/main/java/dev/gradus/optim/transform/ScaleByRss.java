package dev.gradus.optim.transform;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Arrays;

/**
 * Adagrad's preconditioner (Duchi, Hazan &amp; Singer, "Adaptive Subgradient Methods for Online Learning
 * and Stochastic Optimization", JMLR 2011), with the semantics of {@code torch.optim.Adagrad}:
 *
 * <pre>
 * s_t = s_{t-1} + g_t^2          (s_0 = initial_accumulator_value)
 * u_t = g_t / (sqrt(s_t) + eps)
 * </pre>
 *
 * Unlike {@code optax.scale_by_rss}, eps is added outside the square root and the defaults are torch's.
 */
public final class ScaleByRss extends Configurable<ScaleByRss> {

    /** Spec: {@code scale_by_rss(initial_accumulator_value=0.0, eps=1e-10)}. */
    public static final Descriptor<ScaleByRss> SPEC = Descriptor
            .builder("scale_by_rss", Descriptor.Kind.TRANSFORM, ScaleByRss::new)
            .summary("divide by the root of the sum of squared updates (Adagrad)")
            .reference("Duchi, Hazan & Singer, JMLR 2011; torch.optim.Adagrad semantics")
            .param(Param.number("initial_accumulator_value", 0.0, "starting value of the sum")
                    .range(Range.atLeast(0)))
            .param(Param.scalar("eps", 1e-10, "added to the denominator").range(Range.atLeast(0)))
            .build();

    /** Adagrad state: step count and the running sum of squares. */
    public record State(Counter count, TensorMap sum) implements Counted {}

    /** From validated hyperparameters; see {@code Transforms.scaleByRss}. */
    public ScaleByRss(Hyperparams hp) {
        super(hp);
    }

    @Override
    public State init(TensorMap params) {
        TensorMap sum = new TensorMap();
        params.forEach((n, p) -> {
            Tensor t = Tensor.zerosLike(p);
            Arrays.fill(t.data(), hp.number("initial_accumulator_value"));
            sum.put(n, t);
        });
        return new State(new Counter(), sum);
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        State s = (State) state;
        double e = at("eps", s.count().get());
        for (String name : updates.names()) {
            double[] g = updates.get(name).data();
            double[] sum = s.sum().get(name).data();
            for (int i = 0; i < g.length; i++) {
                double gi = g[i];
                double si = sum[i] + gi * gi;
                sum[i] = si;
                g[i] = gi / (Math.sqrt(si) + e);
            }
        }
        s.count().increment();
    }
}
