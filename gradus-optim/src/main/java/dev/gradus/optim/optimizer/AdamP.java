package dev.gradus.optim.optimizer;

import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.Fluent;
import dev.gradus.optim.FusedOptimizer;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.kernel.AdamMoments;
import dev.gradus.optim.kernel.Chunks;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.optim.transform.ScaleByAdam;
import dev.gradus.optim.transform.ScaleInvariantProjection;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.List;

/**
 * AdamP: Adam that removes the radial component of the update on scale-invariant weights.
 *
 * <p>Reference: B. Heo, S. Chun, S. J. Oh, D. Han, S. Yun, G. Kim, Y. Uh, J.-W. Ha, "AdamP: Slowing Down
 * the Slowdown for Momentum Optimizers on Scale-invariant Weights", ICLR 2021. Official code:
 * {@code clovaai/AdamP adamp/adamp.py} (v0.3.0), which this class follows line by line.
 *
 * <p>Per parameter tensor {@code p} with raw gradient {@code g}, at step {@code t = 1, 2, ...}:
 * <pre>
 *   m ← β1 m + (1 − β1) g
 *   v ← β2 v + (1 − β2) g²
 *   d = (m / (1 − β1ᵗ)) / (√v / √(1 − β2ᵗ) + eps)    (nesterov: β1 m + (1 − β1) g in place of m)
 *   if rank(p) > 1 and p is scale invariant (channel-wise, else layer-wise; tested on the RAW g):
 *       d ← d − p̂ ⟨p̂, d⟩,  p̂ = p / (‖p‖ + eps);   wd_factor = wd_ratio        (see ScaleInvariantProjection)
 *   else wd_factor = 1
 *   p ← p − lr · (d + weight_decay · wd_factor · p)          (decoupled decay)
 * </pre>
 *
 * <p>Defaults (reference names): {@code lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
 * delta=0.1, wd_ratio=0.1, nesterov=false}. README usage: {@code adamp(lr=1e-3, weight_decay=1e-2)}.
 * Every scalar may be a schedule, evaluated at the step count before the update.
 *
 * <p>Code versus paper: the paper tests the whole tensor once; the code tests channel-wise first, then
 * layer-wise. The decoupled decay with {@code wd_ratio} is a code-level choice, and Nesterov arrived in
 * v0.2.0. The cosine guard is {@code torch.nn.functional.cosine_similarity}'s ({@code max(‖x‖, eps)} per
 * norm, PyTorch ≥ 1.12; earlier versions clamp the product of the norms); the two differ only within
 * rounding of the threshold. A zero-initialised matrix passes the test, so it silently gets
 * {@code wd_ratio} times the decay, as in the reference. Gradus computes one update
 * {@code u = −lr·(d + wd·wd_factor·p)} added to {@code p}, with the bias corrections multiplied in as
 * reciprocals, instead of the reference's {@code p·(1 − lr·wd·wd_factor)} followed by the step, so results
 * agree to rounding (about 1e-16
 * relative per step; the golden replay {@code adamp.json} of the authors' code checks 1e-10).
 *
 * <p>Reference chain (without Nesterov): {@code chain(project_scale_invariant(scale_by_adam(b1, b2, eps),
 * weight_decay, delta, wd_ratio, eps), scale_by_learning_rate(lr))}, equal to the fused step bit for bit.
 * AdamP's Nesterov direction {@code (β1 m + (1 − β1) g)/denom} has no building block (optax's Nesterov Adam
 * bias-corrects differently), so {@link #reference()} refuses {@code nesterov=true}; that path is tested
 * against a transcription of the authors' code.
 *
 * <p>With {@code params} a {@code TensorMap} and {@code objective} an {@link dev.gradus.optim.Objective}:
 *
 * <pre>{@code
 * AdamP opt = Optimizers.adamp().lr(1e-3).weightDecay(1e-2);
 * OptState state = opt.init(params);
 * for (int i = 0; i < 5; i++) {
 *     TensorMap grads = params.zerosLike();
 *     double loss = objective.evaluate(params, grads); // the loss; the gradient written into grads
 *     opt.step(params, grads, state);
 * }
 * }</pre>
 */
public final class AdamP extends FusedOptimizer<AdamP> implements Fluent.Lr<AdamP>, Fluent.Betas<AdamP>, Fluent.Eps<AdamP>,
        Fluent.WeightDecay<AdamP>, Fluent.Delta<AdamP>, Fluent.WdRatio<AdamP>, Fluent.Nesterov<AdamP> {

    /** Spec: {@code adamp(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0, delta=0.1, wd_ratio=0.1, nesterov=false)}. */
    public static final Descriptor<AdamP> SPEC = Descriptor.builder("adamp", Descriptor.Kind.OPTIMIZER, AdamP::new)
            .summary("Adam with the radial update component removed on scale-invariant weights")
            .reference("Heo et al., ICLR 2021; clovaai/AdamP adamp/adamp.py")
            .param(Param.scalar("lr", 1e-3, "learning rate").range(Range.atLeast(0)))
            .param(Param.scalars("betas", List.of(0.9, 0.999), "decays of the first and second moments")
                    .range(Range.closedOpen(0, 1)))
            .param(Param.scalar("eps", 1e-8, "added to the denominator; guard of the projection")
                    .range(Range.atLeast(0)))
            .param(Param.scalar("weight_decay", 0.0, "decoupled decay").range(Range.atLeast(0)))
            .param(Param.scalar("delta", 0.1, "threshold of the scale-invariance test").range(Range.atLeast(0)))
            .param(Param.scalar("wd_ratio", 0.1, "weight-decay factor on projected tensors").range(Range.atLeast(0)))
            .param(Param.flag("nesterov", false, "Nesterov momentum"))
            .build();

    /** AdamP state: the step count and the two moments per parameter. */
    public record State(Counter count, TensorMap expAvg, TensorMap expAvgSq) implements Counted {}

    /** From validated hyperparameters; use {@code Optimizers.adamp()}. */
    public AdamP(Hyperparams hp) {
        super(hp);
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.zerosLike(), params.zerosLike());
    }

    /**
     * {@code chain(project_scale_invariant(scale_by_adam(b1, b2, eps), weight_decay, delta, wd_ratio, eps),
     * scale_by_learning_rate(lr))}.
     *
     * @throws UnsupportedOperationException with {@code nesterov=true}, which has no building block
     */
    @Override
    public GradientTransformation reference() {
        if (flag("nesterov")) {
            throw new UnsupportedOperationException("adamp: nesterov=true has no composed reference (AdamP's Nesterov "
                    + "direction is not scale_by_adam's); it is tested against a transcription of the authors' code");
        }
        ScaleInvariantProjection projection = (ScaleInvariantProjection) ScaleInvariantProjection
                .of(ScaleByAdam.of(hp.schedules("betas"), hp.schedule("eps"), false))
                .with("weight_decay", hp.schedule("weight_decay")).with("delta", hp.schedule("delta"))
                .with("wd_ratio", hp.schedule("wd_ratio")).with("eps", hp.schedule("eps"));
        return Transforms.chain(projection, Transforms.scaleByLearningRate(hp.schedule("lr")));
    }

    @Override
    protected void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply) {
        State s = (State) state;
        long k = s.count().get();
        double negLr = -at("lr", k);
        double b1 = at("betas", 0, k);
        double b2 = at("betas", 1, k);
        double e = at("eps", k);
        double wd = at("weight_decay", k);
        double deltaK = at("delta", k);
        double ratio = at("wd_ratio", k);
        boolean nesterov = flag("nesterov");
        long t = k + 1;
        double c1 = AdamMoments.c1(b1, t);
        double c2 = AdamMoments.c2(b2, t);
        for (String name : params.names()) {
            Tensor p = params.get(name);
            double[] pd = p.data();
            double[] g = grads.get(name).data();
            double[] m = s.expAvg().get(name).data();
            double[] v = s.expAvgSq().get(name).data();
            int mode = ScaleInvariantProjection.NONE;
            if (p.rank() > 1) {
                mode = ScaleInvariantProjection.test(pd, g, p.dim(0), deltaK, e);
            }
            if (mode == ScaleInvariantProjection.NONE) {
                Chunks.run(pd.length, (from, to) -> {
                    AdamMoments.moments(g, m, v, b1, b2, from, to);
                    for (int j = from; j < to; j++) {
                        double num = nesterov ? b1 * m[j] + (1.0 - b1) * g[j] : m[j];
                        double u = negLr * (AdamMoments.direction(num, v[j], c1, c2, e) + wd * pd[j]);
                        if (apply) {
                            pd[j] = pd[j] + u;
                        } else {
                            g[j] = u;
                        }
                    }
                });
            } else {
                int blocks = mode == ScaleInvariantProjection.CHANNEL ? p.dim(0) : 1;
                projected(pd, g, m, v, blocks, b1, b2, e, c1, c2, nesterov, wd * ratio, negLr, apply);
            }
        }
        s.count().increment();
    }

    /**
     * Advances the moments over {@code [from, to)} and writes the direction d over the gradient:
     * {@code (m c1)/(√v c2 + eps)}, or with Nesterov {@code ((β1 m + (1 − β1) g) c1)/(√v c2 + eps)}.
     */
    private static void direction(double[] g, double[] m, double[] v, double b1, double b2, double eps, double c1,
            double c2, boolean nesterov, int from, int to) {
        AdamMoments.moments(g, m, v, b1, b2, from, to);
        if (nesterov) {
            for (int j = from; j < to; j++) {
                g[j] = b1 * m[j] + (1.0 - b1) * g[j];
            }
        }
        AdamMoments.direction(nesterov ? g : m, v, c1, c2, eps, g, from, to);
    }

    /**
     * Two passes per block (a row, or the whole tensor): the first advances the moments, writes the
     * direction d over the gradient and accumulates ⟨p, d⟩ and ‖p‖², a cache-sized piece at a time; the second
     * removes p̂⟨p̂, d⟩ and steps. A block is one row of a weight, so the second pass reads it from cache.
     */
    private static void projected(double[] p, double[] g, double[] m, double[] v, int blocks, double b1, double b2,
            double eps, double c1, double c2, boolean nesterov, double decay, double negLr, boolean apply) {
        int len = p.length / blocks;
        for (int b = 0; b < blocks; b++) {
            int start = b * len;
            int end = start + len;
            double pd = 0.0;
            double pp = 0.0;
            for (int from = start; from < end; from += Chunks.BLOCK) {
                int to = Math.min(end, from + Chunks.BLOCK);
                direction(g, m, v, b1, b2, eps, c1, c2, nesterov, from, to);
                for (int j = from; j < to; j++) {
                    pd += p[j] * g[j];
                    pp += p[j] * p[j];
                }
            }
            double c = ScaleInvariantProjection.coefficient(pd, pp, eps);
            for (int j = start; j < end; j++) {
                double d = g[j] - p[j] * c;
                double u = negLr * (d + decay * p[j]);
                if (apply) {
                    p[j] = p[j] + u;
                } else {
                    g[j] = u;
                }
            }
        }
    }
}
