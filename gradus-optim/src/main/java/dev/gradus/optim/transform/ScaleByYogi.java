package dev.gradus.optim.transform;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.kernel.AdamMoments;
import dev.gradus.optim.kernel.Chunks;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;
import java.util.Arrays;

/**
 * Yogi's preconditioner (Zaheer, Reddi, Sachan, Kale &amp; Kumar, "Adaptive Methods for Nonconvex
 * Optimization", NeurIPS 2018), as {@code optax.scale_by_yogi}:
 *
 * <pre>
 * m_t = b1 m_{t-1} + (1 - b1) g_t
 * v_t = v_{t-1} - (1 - b2) sign(v_{t-1} - g_t^2) g_t^2
 * u_t = (m_t / (1 - b1^t)) / (sqrt(v_t) / sqrt(1 - b2^t) + eps)
 * m_0 = v_0 = initial_accumulator_value
 * </pre>
 *
 * Defaults (optax): {@code b1=0.9, b2=0.999, eps=0.001, initial_accumulator_value=1e-6}; optax's
 * {@code eps_root} (0) is not offered. The bias corrections are multiplied in as reciprocals, like
 * {@link ScaleByAdam}; {@code initial_accumulator_value} is read once, at {@code init}.
 */
public final class ScaleByYogi extends Configurable<ScaleByYogi> {

    /** Spec: {@code scale_by_yogi(b1=0.9, b2=0.999, eps=0.001, initial_accumulator_value=1e-06)}. */
    public static final Descriptor<ScaleByYogi> SPEC = Descriptor
            .builder("scale_by_yogi", Descriptor.Kind.TRANSFORM, ScaleByYogi::new)
            .summary("Yogi: first moment over the root of the additively updated second moment")
            .reference("Zaheer et al., NeurIPS 2018; optax.scale_by_yogi")
            .param(Param.scalar("b1", 0.9, "decay of the first moment").range(Range.closedOpen(0, 1)))
            .param(Param.scalar("b2", 0.999, "rate of the second moment's additive update")
                    .range(Range.closedOpen(0, 1)))
            .param(Param.scalar("eps", 1e-3, "added to the denominator").range(Range.atLeast(0)))
            .param(Param.scalar("initial_accumulator_value", 1e-6, "starting value of both moments")
                    .range(Range.atLeast(0)))
            .build();

    /** Yogi state: step count, first moment {@code mu}, second moment {@code nu}. */
    public record State(Counter count, TensorMap mu, TensorMap nu) implements Counted {}

    /** From validated hyperparameters; see {@code Transforms.scaleByYogi}. */
    public ScaleByYogi(Hyperparams hp) {
        super(hp);
    }

    /** Both moments filled with {@code initial_accumulator_value} (at step 0, if it is a schedule). */
    public static State init(TensorMap params, double initialAccumulatorValue) {
        TensorMap mu = params.zerosLike();
        TensorMap nu = params.zerosLike();
        for (String name : params.names()) {
            Arrays.fill(mu.get(name).data(), initialAccumulatorValue);
            Arrays.fill(nu.get(name).data(), initialAccumulatorValue);
        }
        return new State(new Counter(), mu, nu);
    }

    @Override
    public State init(TensorMap params) {
        return init(params, at("initial_accumulator_value", 0));
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        State s = (State) state;
        long step = s.count().get();
        long t = step + 1;
        double beta1 = at("b1", step);
        double beta2 = at("b2", step);
        double e = at("eps", step);
        double c1 = AdamMoments.c1(beta1, t);
        double c2 = AdamMoments.c2(beta2, t);
        for (String name : updates.names()) {
            double[] g = updates.get(name).data();
            double[] m = s.mu().get(name).data();
            double[] v = s.nu().get(name).data();
            Chunks.run(g.length, (from, to) -> {
                AdamMoments.first(g, m, beta1, from, to);
                AdamMoments.yogi(g, v, beta2, from, to);
                AdamMoments.direction(m, v, c1, c2, e, g, from, to);
            });
        }
        s.count().increment();
    }
}
