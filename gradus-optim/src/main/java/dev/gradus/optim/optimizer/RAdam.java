package dev.gradus.optim.optimizer;

import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.Fluent;
import dev.gradus.optim.KernelOptimizer;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.kernel.AdamMoments;
import dev.gradus.optim.kernel.Chunks;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;
import java.util.List;

/**
 * RAdam: Adam whose adaptive step is switched on only once the variance of the adaptive learning rate is
 * tractable, and then rectified by the factor {@code r_t} that makes that variance constant.
 *
 * <p>Reference: L. Liu, H. Jiang, P. He, W. Chen, X. Liu, J. Gao, J. Han, "On the Variance of the Adaptive
 * Learning Rate and Beyond", ICLR 2020 (Algorithm 2), with the semantics of {@code torch.optim.RAdam}
 * (PyTorch 2.x, {@code _single_tensor_radam}). Per parameter tensor {@code p} with gradient {@code g}, at
 * step {@code t = 1, 2, ...}:
 *
 * <pre>
 *   decoupled_weight_decay:  p ← p (1 − lr·weight_decay)
 *   otherwise:               g ← g + weight_decay · p          (coupled L2)
 *   m ← β1 m + (1 − β1) g
 *   v ← β2 v + (1 − β2) g²
 *   ρ∞ = 2/(1 − β2) − 1,   ρ_t = ρ∞ − 2 t β2ᵗ/(1 − β2ᵗ)
 *   ρ_t &gt; 5:  r_t = √((ρ_t − 4)(ρ_t − 2) ρ∞ / ((ρ∞ − 4)(ρ∞ − 2) ρ_t))
 *             p ← p − lr · m/(1 − β1ᵗ) · r_t · √(1 − β2ᵗ)/(√v + eps)
 *   ρ_t ≤ 5:  p ← p − lr · m/(1 − β1ᵗ)                            (an un-adapted momentum step)
 * </pre>
 *
 * <p>Defaults (torch): {@code lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0,
 * decoupled_weight_decay=false}. Every scalar may be a schedule, evaluated at the step count before the
 * update.
 *
 * <p>As in torch, and unlike Adam, eps is added to {@code √v} before the bias correction {@code √(1 − β2ᵗ)}
 * multiplies in, and the threshold is strict ({@code ρ_t > 5}; AdaBelief's rectified branch uses
 * {@code ≥ 5}). With β2 = 0.999 the first five steps are momentum steps (ρ₅ ≈ 4.996, ρ₆ ≈ 5.99). The
 * paper's Algorithm 2 switches on at {@code ρ_t > 4}, the authors' code ({@code LiyuanLucasLiu/RAdam}) at
 * {@code ρ_t ≥ 5} and torch at {@code ρ_t > 5}, which is kept here.
 * Gradus adds the decay and the step as one update {@code u = −lr·(d + weight_decay·p)} (decoupled) or
 * forms the coupled gradient in a register, with the bias corrections multiplied in as reciprocals; the
 * trajectory agrees with torch to rounding (the test checks 1e-12 against PyTorch values). Torch's
 * {@code maximize}, {@code foreach}, {@code capturable} and {@code differentiable} are not offered.
 *
 * <p>There is no composed reference: no building block rectifies. The kernel is tested against a
 * hand-computed trajectory and against {@code torch.optim.RAdam}.
 *
 * <pre>{@code
 * RAdam opt = Optimizers.radam().lr(1e-3).weightDecay(1e-2).decoupledWeightDecay(true);
 * }</pre>
 */
public final class RAdam extends KernelOptimizer<RAdam> implements Fluent.Lr<RAdam>, Fluent.Betas<RAdam>,
        Fluent.Eps<RAdam>, Fluent.WeightDecay<RAdam>, Fluent.DecoupledWeightDecay<RAdam> {

    /** Spec: {@code radam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0, decoupled_weight_decay=false)}. */
    public static final Descriptor<RAdam> SPEC = Descriptor.builder("radam", Descriptor.Kind.OPTIMIZER, RAdam::new)
            .summary("Rectified Adam: momentum steps until rho_t > 5, then Adam steps rectified by r_t")
            .reference("Liu et al., ICLR 2020; torch.optim.RAdam")
            .param(Param.scalar("lr", 1e-3, "learning rate").range(Range.atLeast(0)))
            .param(Param.scalars("betas", List.of(0.9, 0.999), "decays of the first and second moments")
                    .range(Range.closedOpen(0, 1)))
            .param(Param.scalar("eps", 1e-8, "added to the root of the second moment").range(Range.atLeast(0)))
            .param(Param.scalar("weight_decay", 0.0, "coupled L2 or decoupled decay").range(Range.atLeast(0)))
            .param(Param.flag("decoupled_weight_decay", false, "decay p by lr*weight_decay instead of L2"))
            .build();

    /** RAdam state: the step count, {@code exp_avg} (m) and {@code exp_avg_sq} (v), as torch names them. */
    public record State(Counter count, TensorMap expAvg, TensorMap expAvgSq) implements Counted {}

    /** From validated hyperparameters; use {@code Optimizers.radam()}. */
    public RAdam(Hyperparams hp) {
        super(hp);
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.zerosLike(), params.zerosLike());
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
        boolean decoupled = flag("decoupled_weight_decay");
        long t = k + 1;
        double beta2t = StrictMath.pow(b2, t);
        double bc2 = 1.0 - beta2t;
        double c1 = AdamMoments.c1(b1, t);
        double rhoInf = 2.0 / (1.0 - b2) - 1.0;
        double rhoT = rhoInf - 2.0 * t * beta2t / bc2;
        boolean adaptive = rhoT > 5.0;
        // r_t · √(1 − β2ᵗ), one scalar per step; unused (0) on momentum steps.
        double scale = adaptive
                ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) * Math.sqrt(bc2)
                : 0.0;
        double l2 = decoupled ? 0.0 : wd;
        double dwd = decoupled ? wd : 0.0;
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] g = grads.get(name).data();
            double[] m = s.expAvg().get(name).data();
            double[] v = s.expAvgSq().get(name).data();
            Chunks.run(p.length, (from, to) -> {
                AdamMoments.moments(g, p, l2, m, v, b1, b2, from, to);
                for (int j = from; j < to; j++) {
                    double mHat = m[j] * c1;
                    double d = adaptive ? mHat * scale / (Math.sqrt(v[j]) + e) : mHat;
                    double u = negLr * (d + dwd * p[j]);
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
