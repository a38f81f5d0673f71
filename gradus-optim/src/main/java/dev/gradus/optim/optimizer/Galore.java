package dev.gradus.optim.optimizer;

import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.Fluent;
import dev.gradus.optim.KernelOptimizer;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.combine.NameGlobs;
import dev.gradus.optim.kernel.AdamMoments;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * GaLore: AdamW on a low-rank projection of each weight matrix's gradient, refreshed from the gradient's SVD,
 * so the Adam moments of an m×n weight are m×r (or r×n) instead of m×n; the update has rank r and nothing
 * moves outside the subspace. It is the baseline FRUGAL argues against ({@link Frugal} adds a state-free
 * rule on the residual).
 *
 * <p>Reference: J. Zhao, Z. Zhang, B. Chen, Z. Wang, A. Anandkumar, Y. Tian, "GaLore: Memory-Efficient LLM
 * Training by Gradient Low-Rank Projection", ICML 2024, Algorithm 2, with the semantics of the authors'
 * {@code galore_torch.GaLoreAdamW} and {@code GaLoreProjector(proj_type="std")}. For a projectable weight W
 * (viewed as m×n, m = first dimension) with gradient G, at step {@code t = 1, 2, ...}:
 * <pre>
 *   when (t − 1) mod update_gap = 0:  U S Vᵀ = svd(G)
 *       m ≥ n: P = V[:, :r]ᵀ (r×n),  R = G Pᵀ          m &lt; n: Q = U[:, :r] (m×r),  R = Qᵀ G
 *   otherwise R is G projected on the current P or Q
 *   M ← β1 M + (1 − β1) R,   V ← β2 V + (1 − β2) R²          (not reset when the projection changes)
 *   N = M / (√V + eps)
 *   W ← W − lr · √(1 − β2ᵗ)/(1 − β1ᵗ) · scale · Lift(N)     Lift(N) = N P, or Q N
 *   W ← W − lr · weight_decay · W                           (decoupled, after the step, as the reference)
 * </pre>
 * with {@code r = min(rank, n)} (right) or {@code min(rank, m)} (left). Other parameters (rank below 2, or
 * not matched by {@code proj_params}) get the same AdamW on their full gradient, without {@code scale}.
 *
 * <p>Defaults (the reference's): {@code lr=0.001, rank=128, update_gap=200} ({@code update_proj_gap} there),
 * {@code scale=0.25, betas=(0.9, 0.999), eps=1e-06, weight_decay=0.0}, projectable = every tensor of rank
 * ≥ 2 unless {@code proj_params} globs say otherwise. As in the reference, eps is added to √V before the
 * bias corrections multiply in, and the moments carry over a change of subspace (the paper's Algorithm 2 does
 * the same). Singular vectors come from EJML, and one may have the opposite sign to torch's. The first step
 * after a refresh does not depend on the signs (M and V start from zero, N is odd in R and Lift undoes the
 * sign), but moments carried over a refresh are expressed in the old basis, so later steps can differ from
 * torch's where a sign differs; that is the reference's own behaviour under any SVD.
 *
 * <p>State: the step count, the moments by parameter name (low-rank shapes for projected tensors) and each
 * projected tensor's P or Q, so save, load and continue reproduce an uninterrupted run.
 *
 * <pre>{@code
 * Galore opt = Optimizers.galore().lr(1e-2).with("rank", 4L).updateGap(50);
 * }</pre>
 */
public final class Galore extends KernelOptimizer<Galore> implements Fluent.Lr<Galore>, Fluent.Betas<Galore>,
        Fluent.Eps<Galore>, Fluent.WeightDecay<Galore>, Fluent.UpdateGap<Galore>, Fluent.ProjParams<Galore> {

    /** Spec: {@code galore(lr=0.001, rank=128, update_gap=200, scale=0.25, betas=(0.9, 0.999), eps=1e-06, ...)}. */
    public static final Descriptor<Galore> SPEC = Descriptor.builder("galore", Descriptor.Kind.OPTIMIZER, Galore::new)
            .summary("AdamW on a rank-r SVD projection of each matrix gradient (no update outside it)")
            .reference("Zhao et al., ICML 2024; galore_torch.GaLoreAdamW")
            .param(Param.scalar("lr", 1e-3, "learning rate").range(Range.atLeast(0)))
            .param(Param.integer("rank", 128L, "rank of the projection").range(Range.atLeast(1)))
            .param(Param.integer("update_gap", 200L, "steps between SVD refreshes").range(Range.atLeast(1)))
            .param(Param.scalar("scale", 0.25, "factor of the lifted low-rank update").range(Range.atLeast(0)))
            .param(Param.scalars("betas", List.of(0.9, 0.999), "decays of the first and second moments")
                    .range(Range.closedOpen(0, 1)))
            .param(Param.scalar("eps", 1e-6, "added to the root of the second moment").range(Range.atLeast(0)))
            .param(Param.scalar("weight_decay", 0.0, "decoupled decay after the step").range(Range.atLeast(0)))
            .param(Param.tuple("proj_params", ParamType.STRINGS, List.of(),
                    "globs of projected tensors; empty: every tensor of rank >= 2"))
            .build();

    /**
     * GaLore state: the step count, {@code exp_avg} and {@code exp_avg_sq} by parameter (projected shapes for
     * projected tensors), and {@code projector}: each projected tensor's P (r×n) or Q (m×r).
     */
    public record State(Counter count, TensorMap expAvg, TensorMap expAvgSq, TensorMap projector) implements Counted {}

    /** From validated hyperparameters; use {@code Optimizers.galore()}. */
    public Galore(Hyperparams hp) {
        super(hp);
    }

    private Map<String, FrugalProjection> layouts(TensorMap params) {
        List<String> globs = hp.strings("proj_params");
        Predicate<String> selected = globs.isEmpty() ? null : new NameGlobs(globs);
        int rank = Math.toIntExact(hp.integer("rank"));
        Map<String, FrugalProjection> out = new LinkedHashMap<>();
        params.forEach((name, p) -> {
            if (selected == null ? p.rank() >= 2 : selected.test(name)) {
                if (p.rank() < 2) {
                    throw new IllegalArgumentException("galore: proj_params selects '" + name + "' of rank "
                            + p.rank() + "; GaLore projects matrices only (rank >= 2)");
                }
                out.put(name, FrugalProjection.ofRank(p.shape(), rank));
            }
        });
        return out;
    }

    @Override
    public State init(TensorMap params) {
        Map<String, FrugalProjection> layouts = layouts(params);
        TensorMap m = new TensorMap();
        TensorMap v = new TensorMap();
        TensorMap projector = new TensorMap();
        params.forEach((name, p) -> {
            FrugalProjection l = layouts.get(name);
            int[] shape = l == null ? p.shape() : l.lowShape();
            m.put(name, Tensor.zeros(shape));
            v.put(name, Tensor.zeros(shape));
            if (l != null) {
                projector.put(name, Tensor.zeros(l.projectorShape()));
            }
        });
        return new State(new Counter(), m, v, projector);
    }

    @Override
    protected void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply) {
        State s = (State) state;
        long k = s.count().get();
        double lr = at("lr", k);
        double b1 = at("betas", 0, k);
        double b2 = at("betas", 1, k);
        double e = at("eps", k);
        double wd = at("weight_decay", k);
        double scale = at("scale", k);
        long t = k + 1;
        double stepSize = lr * Math.sqrt(1.0 - StrictMath.pow(b2, t)) * AdamMoments.c1(b1, t);
        boolean refresh = k % hp.integer("update_gap") == 0;
        Map<String, FrugalProjection> layouts = layouts(params);
        double[] lifted = null;
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] g = grads.get(name).data();
            double[] m = s.expAvg().get(name).data();
            double[] v = s.expAvgSq().get(name).data();
            FrugalProjection l = layouts.get(name);
            double[] r = g;
            double factor = 1.0;
            double[] proj = null;
            if (l != null) {
                proj = s.projector().get(name).data();
                if (refresh) {
                    l.refresh(true, g, null, proj, name);
                }
                r = new double[m.length];
                l.project(proj, g, r);
                factor = scale;
            }
            AdamMoments.moments(r, m, v, b1, b2, 0, m.length);
            for (int j = 0; j < m.length; j++) {
                r[j] = m[j] / (Math.sqrt(v[j]) + e); // N, in place of the projected gradient
            }
            double[] dir = r;
            if (l != null) {
                if (lifted == null || lifted.length < p.length) {
                    lifted = new double[p.length];
                }
                l.lift(proj, r, lifted);
                dir = lifted;
            }
            for (int j = 0; j < p.length; j++) {
                double step = -stepSize * factor * dir[j];
                double u = step - lr * wd * (p[j] + step); // the decay acts on the stepped weight
                if (apply) {
                    p[j] = p[j] + u;
                } else {
                    g[j] = u;
                }
            }
        }
        s.count().increment();
    }
}
