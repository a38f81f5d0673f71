package dev.gradus.optim.transform;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Map;

/**
 * The scale-invariance test and radial projection of AdamP and SGDP, as a wrapper around the
 * transform that makes the update direction (Heo et al., "AdamP: Slowing Down the Slowdown for Momentum
 * Optimizers on Scale-invariant Weights", ICLR 2021; official code {@code clovaai/AdamP adamp/adamp.py},
 * {@code _projection}).
 *
 * <p>A weight followed by a normalisation layer is scale invariant, so its gradient is orthogonal to it.
 * The test views the weight {@code p} and its <em>raw</em> gradient {@code g} (the input of this
 * wrapper, before {@code inner} transforms it) as a matrix {@code [c, rest]} (first dimension = output
 * channels) and computes per row
 * <pre>
 *   cos_i = |⟨g_i, p_i⟩| / (max(‖g_i‖, eps) · max(‖p_i‖, eps))
 * </pre>
 * (the guard of {@code torch.nn.functional.cosine_similarity}, PyTorch ≥ 1.12). When
 * {@code max_i cos_i < delta / √rest} the tensor is <em>channel-wise</em> scale invariant. Otherwise the
 * same test runs on the whole tensor as one row of length {@code numel} (<em>layer-wise</em>). When
 * either passes, the radial component is removed from the direction {@code d} made by {@code inner}, per
 * row (or for the whole tensor), and the weight-decay factor becomes {@code wd_ratio}:
 * <pre>
 *   p̂ = p / (‖p‖ + eps),   d ← d − p̂ ⟨p̂, d⟩,   wd_factor = wd_ratio      (else wd_factor = 1)
 *   u = d + weight_decay · wd_factor · p
 * </pre>
 * The decoupled decay lives here because its factor depends on the test outcome; a following
 * {@code scale_by_learning_rate(lr)} completes AdamP: {@code adamp = chain(project_scale_invariant(
 * scale_by_adam(b1, b2, eps), weight_decay, delta, wd_ratio, eps), scale_by_learning_rate(lr))}.
 * Tensors of rank below 2 (biases, norm gains) are never tested or projected.
 *
 * <p>Edge cases kept for parity with the reference: a zero weight row or a zero gradient gives
 * {@code cos = 0}, so the test passes; the projection is then a no-op for a zero row, but the decay is
 * still reduced to {@code wd_ratio} (a zero-initialised layer gets 10× less decay). A NaN cosine fails the
 * test ({@code max} propagates NaN in PyTorch). Only the radial component of d is removed; the weight is
 * never renormalised.
 *
 * <p>The fused {@code adamp} and {@code sgdp} kernels call {@link #test} and {@link #coefficient} and
 * inline the projection in their second pass; {@link #project(Tensor, Tensor, Tensor, double, double, double)}
 * is the plain form.
 */
public final class ScaleInvariantProjection extends Configurable<ScaleInvariantProjection> {

    /** Spec: {@code project_scale_invariant(inner, weight_decay=0.0, delta=0.1, wd_ratio=0.1, eps=1e-08)}. */
    public static final Descriptor<ScaleInvariantProjection> SPEC = Descriptor
            .builder("project_scale_invariant", Descriptor.Kind.WRAPPER, ScaleInvariantProjection::new)
            .summary("AdamP/SGDP: remove the radial part of inner's update on scale-invariant weights")
            .reference("Heo et al., ICLR 2021; clovaai/AdamP _projection")
            .param(Param.transform("inner", "makes the update direction from the raw gradient"))
            .param(Param.scalar("weight_decay", 0.0, "decoupled decay, times wd_ratio on projected tensors")
                    .range(Range.atLeast(0)))
            .param(Param.scalar("delta", 0.1, "threshold of the cosine test, over sqrt(row length)")
                    .range(Range.atLeast(0)))
            .param(Param.scalar("wd_ratio", 0.1, "weight-decay factor on projected tensors").range(Range.atLeast(0)))
            .param(Param.scalar("eps", 1e-8, "guard of the norms").range(Range.atLeast(0)))
            .build();

    /** Test outcome: not scale invariant, nothing projected. */
    public static final int NONE = 0;
    /** Test outcome: channel-wise scale invariant, project each row. */
    public static final int CHANNEL = 1;
    /** Test outcome: layer-wise scale invariant, project the whole tensor. */
    public static final int LAYER = 2;

    /** State: the step count (for schedules) and the inner state. */
    public record State(Counter count, OptState inner) implements Counted {}


    /** From validated hyperparameters. */
    public ScaleInvariantProjection(Hyperparams hp) {
        super(hp);
    }

    /** The projection around {@code inner}, with the reference defaults. */
    public static ScaleInvariantProjection of(GradientTransformation inner) {
        return (ScaleInvariantProjection) SPEC.defaults().with("inner", inner).create();
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), hp.transform("inner").init(params));
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        State s = (State) state;
        long k = s.count().get();
        double wd = at("weight_decay", k);
        double deltaK = at("delta", k);
        double ratio = at("wd_ratio", k);
        double e = at("eps", k);
        // The test needs the raw gradient, which inner overwrites: run it first, keep the outcomes.
        int[] modes = new int[updates.size()];
        int idx = 0;
        for (String name : updates.names()) {
            Tensor p = params.get(name);
            if (p.rank() > 1) {
                modes[idx] = test(p.data(), updates.get(name).data(), p.dim(0), deltaK, e);
            }
            idx++;
        }
        hp.transform("inner").update(updates, s.inner(), params, ctx.child("inner"));
        idx = 0;
        for (String name : updates.names()) {
            double[] pd = params.get(name).data();
            double[] d = updates.get(name).data();
            double c = wd;
            if (modes[idx] != NONE) {
                project(pd, d, modes[idx] == CHANNEL ? params.get(name).dim(0) : 1, e);
                c = wd * ratio;
            }
            for (int i = 0; i < d.length; i++) {
                d[i] = d[i] + c * pd[i];
            }
            idx++;
        }
        s.count().increment();
    }

    /** This wrapper's hyperparameters, then inner's prefixed {@code inner/}. */
    @Override
    public Map<String, Double> hyperparams(OptState state) {
        State s = (State) state;
        return withChild(hp.valuesAt(s.count().get()), "inner", hp.transform("inner"), s.inner());
    }

    /**
     * Runs the channel test, then the layer test, on weight {@code p} and raw gradient {@code g}
     * ({@code rows} rows of equal length) and returns {@link #NONE}, {@link #CHANNEL} or {@link #LAYER}.
     */
    public static int test(double[] p, double[] g, int rows, double delta, double eps) {
        int cols = p.length / rows;
        double maxCos = 0.0;
        double pp = 0.0;
        double gg = 0.0;
        double pg = 0.0;
        for (int r = 0; r < rows; r++) {
            double rpp = 0.0;
            double rgg = 0.0;
            double rpg = 0.0;
            int end = (r + 1) * cols;
            for (int j = r * cols; j < end; j++) {
                double pj = p[j];
                double gj = g[j];
                rpp += pj * pj;
                rgg += gj * gj;
                rpg += pj * gj;
            }
            maxCos = Math.max(maxCos, cosine(rpg, rgg, rpp, eps));
            pp += rpp;
            gg += rgg;
            pg += rpg;
        }
        if (maxCos < delta / Math.sqrt(cols)) {
            return CHANNEL;
        }
        if (cosine(pg, gg, pp, eps) < delta / Math.sqrt(p.length)) {
            return LAYER;
        }
        return NONE;
    }

    /** The |cosine| of two vectors given ⟨g, p⟩, ‖g‖² and ‖p‖², with each norm clamped below at eps. */
    private static double cosine(double dot, double gSq, double pSq, double eps) {
        return Math.abs(dot) / (Math.max(Math.sqrt(gSq), eps) * Math.max(Math.sqrt(pSq), eps));
    }

    /**
     * d ← d − p̂⟨p̂, d⟩ per block ({@code blocks} equal blocks: the rows, or the whole tensor), with
     * p̂ = p / (‖p‖ + eps) for the block; that is {@code d − p·coefficient(⟨p, d⟩, ‖p‖², eps)}. The fused
     * kernels compute the same sums in the same order, so they agree bit for bit.
     */
    private static void project(double[] p, double[] d, int blocks, double eps) {
        int len = p.length / blocks;
        for (int b = 0; b < blocks; b++) {
            int start = b * len;
            int end = start + len;
            double pd = 0.0;
            double pp = 0.0;
            for (int j = start; j < end; j++) {
                pd += p[j] * d[j];
                pp += p[j] * p[j];
            }
            double c = coefficient(pd, pp, eps);
            for (int j = start; j < end; j++) {
                d[j] = d[j] - p[j] * c;
            }
        }
    }

    /** ⟨p̂, d⟩ / (‖p‖ + eps) from ⟨p, d⟩ and ‖p‖²: the factor of p in the removed radial part. */
    public static double coefficient(double pd, double pp, double eps) {
        double inv = 1.0 / (Math.sqrt(pp) + eps);
        return pd * inv * inv;
    }

    /**
     * The plain form on one tensor: tests {@code p} against the raw gradient {@code g} and, when the test
     * passes, removes the radial component from {@code d} in place. Returns the weight-decay factor
     * ({@code wdRatio} when projected, else 1). Tensors of rank below 2 are left alone.
     */
    public static double project(Tensor p, Tensor g, Tensor d, double delta, double wdRatio, double eps) {
        if (p.rank() < 2) {
            return 1.0;
        }
        int rows = p.dim(0);
        int mode = test(p.data(), g.data(), rows, delta, eps);
        if (mode == NONE) {
            return 1.0;
        }
        project(p.data(), d.data(), mode == CHANNEL ? rows : 1, eps);
        return wdRatio;
    }
}
