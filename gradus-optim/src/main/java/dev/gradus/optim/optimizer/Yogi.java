package dev.gradus.optim.optimizer;

import dev.gradus.optim.Fluent;
import dev.gradus.optim.FusedOptimizer;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Schedule;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.kernel.AdamMoments;
import dev.gradus.optim.kernel.Chunks;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.optim.transform.ScaleByYogi;
import dev.gradus.tensor.TensorMap;
import java.util.List;

/**
 * Yogi: Adam whose second moment moves additively towards {@code g²}, by at most {@code (1 − β2) g²} per
 * step, so that it cannot forget a large past gradient as fast as Adam's multiplicative EMA does.
 *
 * <p>Reference: M. Zaheer, S. Reddi, D. Sachan, S. Kale, S. Kumar, "Adaptive Methods for Nonconvex
 * Optimization", NeurIPS 2018 (Algorithm 2), with the semantics of optax's {@code yogi} /
 * {@code scale_by_yogi} (both moments start at {@code initial_accumulator_value}; bias-corrected). Per
 * parameter tensor {@code p} with gradient {@code g}, at step {@code t = 1, 2, ...}:
 *
 * <pre>
 *   m ← β1 m + (1 − β1) g
 *   v ← v − (1 − β2) sign(v − g²) g²
 *   p ← p − lr · (m/(1 − β1ᵗ)) / (√(v/(1 − β2ᵗ)) + eps)
 *   m₀ = v₀ = initial_accumulator_value
 * </pre>
 *
 * <p>Defaults (paper's recommendation and optax): {@code lr=0.01, betas=(0.9, 0.999), eps=0.001,
 * initial_accumulator_value=1e-6}. Every scalar may be a schedule, evaluated at the step count before the
 * update; {@code initial_accumulator_value} is read once, at {@code init}.
 *
 * <p>Code versus paper: Algorithm 2 shows no bias correction (the paper omits it "for clarity"); optax
 * applies Adam's, and so does Gradus. {@code sign(0) = 0}, so {@code v} stays put when it equals
 * {@code g²}. Optax's {@code eps_root} (0 by default) is not offered, nor is weight decay: compose
 * {@code chain(add_decayed_weights(wd), yogi(...))} for L2. The bias corrections are multiplied in as
 * reciprocals, as in {@link AdamMoments#direction}.
 *
 * <p>Reference chain: {@code chain(scale_by_yogi(b1, b2, eps, initial_accumulator_value),
 * scale_by_learning_rate(lr))}, equal to the fused step bit for bit; the kernel is also tested against a
 * hand-computed trajectory.
 *
 * <pre>{@code
 * Yogi opt = Optimizers.yogi().lr(1e-2).eps(1e-3);
 * }</pre>
 */
public final class Yogi extends FusedOptimizer<Yogi> implements Fluent.Lr<Yogi>, Fluent.Betas<Yogi>, Fluent.Eps<Yogi>,
        Fluent.InitialAccumulatorValue<Yogi> {

    /** Spec: {@code yogi(lr=0.01, betas=(0.9, 0.999), eps=0.001, initial_accumulator_value=1e-06)}. */
    public static final Descriptor<Yogi> SPEC = Descriptor.builder("yogi", Descriptor.Kind.OPTIMIZER, Yogi::new)
            .summary("Adam with the additive second-moment update v -= (1 - b2) sign(v - g^2) g^2")
            .reference("Zaheer et al., NeurIPS 2018; optax.yogi")
            .param(Param.scalar("lr", 1e-2, "learning rate").range(Range.atLeast(0)))
            .param(Param.scalars("betas", List.of(0.9, 0.999), "decays of the first and second moments")
                    .range(Range.closedOpen(0, 1)))
            .param(Param.scalar("eps", 1e-3, "added to the denominator").range(Range.atLeast(0)))
            .param(Param.scalar("initial_accumulator_value", 1e-6, "starting value of both moments")
                    .range(Range.atLeast(0)))
            .build();

    /** From validated hyperparameters; use {@code Optimizers.yogi()}. */
    public Yogi(Hyperparams hp) {
        super(hp);
    }

    /** Both moments at {@code initial_accumulator_value}: the state of {@code scale_by_yogi}. */
    @Override
    public ScaleByYogi.State init(TensorMap params) {
        return ScaleByYogi.init(params, at("initial_accumulator_value", 0));
    }

    @Override
    public GradientTransformation reference() {
        List<Schedule> betas = hp.schedules("betas");
        GradientTransformation yogi = Transforms.scaleByYogi().with("b1", betas.get(0)).with("b2", betas.get(1))
                .with("eps", hp.schedule("eps"))
                .with("initial_accumulator_value", hp.schedule("initial_accumulator_value"));
        return Transforms.chain(yogi, Transforms.scaleByLearningRate(hp.schedule("lr")));
    }

    @Override
    protected void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply) {
        ScaleByYogi.State s = (ScaleByYogi.State) state;
        long k = s.count().get();
        double negLr = -at("lr", k);
        double b1 = at("betas", 0, k);
        double b2 = at("betas", 1, k);
        double e = at("eps", k);
        long t = k + 1;
        double c1 = AdamMoments.c1(b1, t);
        double c2 = AdamMoments.c2(b2, t);
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] g = grads.get(name).data();
            double[] m = s.mu().get(name).data();
            double[] v = s.nu().get(name).data();
            Chunks.run(p.length, (from, to) -> {
                AdamMoments.first(g, m, b1, from, to);
                AdamMoments.yogi(g, v, b2, from, to);
                for (int j = from; j < to; j++) {
                    double u = negLr * AdamMoments.direction(m[j], v[j], c1, c2, e);
                    if (apply) {
                        p[j] = p[j] + u;
                    } else {
                        g[j] = u;
                    }
                }
            });
        }
        s.count().increment();
    }
}
