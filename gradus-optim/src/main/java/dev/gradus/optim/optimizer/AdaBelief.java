package dev.gradus.optim.optimizer;

import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
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
import dev.gradus.tensor.TensorMap;
import java.util.List;

/**
 * AdaBelief: Adam whose denominator tracks the squared deviation of the gradient from its EMA (the
 * "belief"), not the squared gradient.
 *
 * <p>Reference: J. Zhuang, T. Tang, Y. Ding, S. Tatikonda, N. Dvornek, X. Papademetris, J. Duncan,
 * "AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed Gradients", NeurIPS 2020. Official
 * code, followed line by line: {@code juntang-zhuang/Adabelief-Optimizer
 * pypi_packages/adabelief_pytorch0.2.1/adabelief_pytorch/AdaBelief.py} (package adabelief-pytorch 0.2.x).
 *
 * <p>Per parameter tensor {@code p} with gradient {@code g}, at step {@code t = 1, 2, ...}:
 * <pre>
 *   weight_decouple:  p ← p (1 − lr·weight_decay)      (fixed_decay: p ← p (1 − weight_decay))
 *   otherwise:        g ← g + weight_decay · p          (coupled L2)
 *   m ← β1 m + (1 − β1) g
 *   s ← β2 s + (1 − β2) (g − m)² + eps                  (g − m uses the UPDATED m; eps added INSIDE, every step)
 *   amsgrad: s_max ← max(s_max, s)
 *   not rectify:  p ← p − lr/(1 − β1ᵗ) · m / (√ŝ/√(1 − β2ᵗ) + eps)     (ŝ = s_max with amsgrad, else s)
 *   rectify (RAdam):  ρ∞ = 2/(1 − β2) − 1,  ρ_t = ρ∞ − 2 t β2ᵗ/(1 − β2ᵗ)
 *       ρ_t ≥ 5:  r_t = √((1 − β2ᵗ)(ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t)) / (1 − β1ᵗ)
 *                 p ← p − lr · r_t · m / (√s + eps)
 *       ρ_t < 5 and degenerated_to_sgd:  p ← p − lr · m / (1 − β1ᵗ)         (an SGD-momentum step)
 *       ρ_t < 5 otherwise:               no step (the decay above still applies)
 * </pre>
 *
 * <p>Defaults (adabelief-pytorch ≥ 0.1.0, reference names): {@code lr=1e-3, betas=(0.9, 0.999),
 * eps=1e-16, weight_decay=0, amsgrad=false, weight_decouple=true, fixed_decay=false, rectify=true,
 * degenerated_to_sgd=true}. Version 0.0.5 had {@code eps=1e-8, weight_decouple=false, rectify=false},
 * and the paper's experiments did not rectify: print the spec when comparing results. The README advises
 * eps 1e-8 where SGD beats Adam (CNNs) and 1e-16 where Adam wins (GANs, Transformers).
 *
 * <p>Code versus paper, all kept for parity: the paper's figure omits bias correction, which the method
 * uses; rectify, decoupled and fixed decay and AMSGrad are code options. Because eps is added to the
 * state every step, s never falls below about eps·(1 − β2ᵗ)/(1 − β2). In the rectified branch the
 * reference divides by {@code √s + eps} with the current s, <em>not</em> {@code s_max}, even with
 * {@code amsgrad}, and the denominator there carries no bias correction (it sits inside r_t). With
 * β2 = 0.999 the first five steps are SGD steps (ρ₅ ≈ 4.996). The reference caches r_t per step in a
 * ten-slot buffer; recomputing it gives the same value. Gradus adds the decay and the step as one update
 * {@code u = −lr·(d + weight_decay·p)} to {@code p}, with the bias corrections multiplied in as
 * reciprocals, which agrees with the reference to rounding.
 *
 * <p>Reference chain (no rectification, no AMSGrad, no fixed decay): {@code chain(scale_by_belief(b1, b2,
 * eps), add_decayed_weights(weight_decay), scale_by_learning_rate(lr))}, with the decay link first when
 * coupled; equal to the fused step bit for bit. The rectified, AMSGrad and fixed-decay branches have no
 * building blocks; the kernel is tested against a line-by-line transcription of the reference in all 32
 * option combinations, and against the digest's numpy vectors.
 *
 * <pre>{@code
 * AdaBelief opt = Optimizers.adabelief().lr(1e-3).eps(1e-16).rectify(false);
 * }</pre>
 *
 * <p>Pitfall (README): element-wise gradient <em>value</em> clipping breaks AdaBelief (a constantly
 * clipped g makes g − m → 0 and the step explodes); clip by norm instead.
 */
public final class AdaBelief extends FusedOptimizer<AdaBelief> implements Fluent.Lr<AdaBelief>, Fluent.Betas<AdaBelief>,
        Fluent.Eps<AdaBelief>, Fluent.WeightDecay<AdaBelief>, Fluent.Amsgrad<AdaBelief>, Fluent.WeightDecouple<AdaBelief>,
        Fluent.FixedDecay<AdaBelief>, Fluent.Rectify<AdaBelief>, Fluent.DegeneratedToSgd<AdaBelief> {

    /** Spec: {@code adabelief(lr=0.001, betas=(0.9, 0.999), eps=1e-16, weight_decay=0.0, amsgrad=false, weight_decouple=true, fixed_decay=false, rectify=true, degenerated_to_sgd=true)}. */
    public static final Descriptor<AdaBelief> SPEC = Descriptor
            .builder("adabelief", Descriptor.Kind.OPTIMIZER, AdaBelief::new)
            .summary("Adam with the EMA of (g - m)^2 as the denominator (adabelief-pytorch 0.2.x)")
            .reference("Zhuang et al., NeurIPS 2020; juntang-zhuang/Adabelief-Optimizer adabelief_pytorch0.2.1")
            .param(Param.scalar("lr", 1e-3, "learning rate").range(Range.atLeast(0)))
            .param(Param.scalars("betas", List.of(0.9, 0.999), "decays of the first moment and of the belief")
                    .range(Range.closedOpen(0, 1)))
            .param(Param.scalar("eps", 1e-16, "added inside the state and to the denominator")
                    .range(Range.atLeast(0)))
            .param(Param.scalar("weight_decay", 0.0, "decoupled or coupled decay").range(Range.atLeast(0)))
            .param(Param.flag("amsgrad", false, "use the running maximum of the belief"))
            .param(Param.flag("weight_decouple", true, "AdamW-style decay instead of L2 on the gradient"))
            .param(Param.flag("fixed_decay", false, "decay by weight_decay, not lr*weight_decay"))
            .param(Param.flag("rectify", true, "RAdam-style rectification"))
            .param(Param.flag("degenerated_to_sgd", true, "SGD-momentum steps while rho_t < 5"))
            .build();

    /**
     * AdaBelief state: the step count, {@code exp_avg} (m), {@code exp_avg_var} (s) and, only when
     * {@code amsgrad} is on, {@code max_exp_avg_var} (otherwise an empty map).
     */
    public record State(Counter count, TensorMap expAvg, TensorMap expAvgVar, TensorMap maxExpAvgVar)
            implements Counted {}

    /** From validated hyperparameters; use {@code Optimizers.adabelief()}. */
    public AdaBelief(Hyperparams hp) {
        super(hp);
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.zerosLike(), params.zerosLike(),
                flag("amsgrad") ? params.zerosLike() : new TensorMap());
    }

    /**
     * Without rectification and AMSGrad: {@code chain(scale_by_belief(b1, b2, eps),
     * add_decayed_weights(weight_decay), scale_by_learning_rate(lr))} (decoupled) or
     * {@code chain(add_decayed_weights(weight_decay), scale_by_belief(b1, b2, eps), scale_by_learning_rate(lr))}
     * (coupled), equal to the fused step bit for bit.
     *
     * @throws UnsupportedOperationException with {@code rectify}, {@code amsgrad} or {@code fixed_decay},
     *     which have no building blocks
     */
    @Override
    public GradientTransformation reference() {
        boolean rectify = flag("rectify");
        boolean amsgrad = flag("amsgrad");
        boolean weightDecouple = flag("weight_decouple");
        if (rectify || amsgrad || (weightDecouple && flag("fixed_decay"))) {
            throw new UnsupportedOperationException("adabelief: no composed reference with "
                    + (rectify ? "rectify=true" : amsgrad ? "amsgrad=true" : "fixed_decay=true")
                    + "; that path is tested against a transcription of adabelief_pytorch 0.2.1");
        }
        List<Schedule> betas = hp.schedules("betas");
        GradientTransformation belief = Transforms.scaleByBelief().with("b1", betas.get(0)).with("b2", betas.get(1))
                .with("eps", hp.schedule("eps"));
        GradientTransformation decay = Transforms.addDecayedWeights(hp.schedule("weight_decay"));
        GradientTransformation rate = Transforms.scaleByLearningRate(hp.schedule("lr"));
        return weightDecouple ? Transforms.chain(belief, decay, rate) : Transforms.chain(decay, belief, rate);
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
        boolean weightDecouple = flag("weight_decouple");
        boolean fixedDecay = flag("fixed_decay");
        boolean amsgrad = flag("amsgrad");
        long t = k + 1;
        double beta2t = StrictMath.pow(b2, t);
        double bc2 = 1.0 - beta2t;
        double c1 = AdamMoments.c1(b1, t);
        double c2 = AdamMoments.c2(b2, t);
        // Decay: coupled adds l2·p to g; decoupled adds wd·p to the direction before the −lr scaling (as
        // add_decayed_weights does in the reference chain); fixed decay subtracts wd·p after it.
        double l2 = weightDecouple ? 0.0 : wd;
        double decoupled = weightDecouple && !fixedDecay ? wd : 0.0;
        double fixed = weightDecouple && fixedDecay ? wd : 0.0;

        // Which direction: 0 = adaptive with bias-corrected denominator, 1 = rectified, 2 = SGD, 3 = none.
        int kind = 0;
        double rt = 0.0;
        if (flag("rectify")) {
            double rhoInf = 2.0 / (1.0 - b2) - 1.0;
            double rhoT = rhoInf - 2.0 * t * beta2t / bc2;
            if (rhoT >= 5) {
                kind = 1;
                rt = Math.sqrt(bc2 * (rhoT - 4) / (rhoInf - 4) * (rhoT - 2) / rhoT * rhoInf / (rhoInf - 2)) * c1;
            } else {
                kind = flag("degenerated_to_sgd") ? 2 : 3;
            }
        }
        int direction = kind;
        double rect = rt;
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] g = grads.get(name).data();
            double[] m = s.expAvg().get(name).data();
            double[] v = s.expAvgVar().get(name).data();
            double[] vHat = amsgrad ? s.maxExpAvgVar().get(name).data() : v;
            if (apply && !amsgrad && weightDecouple && !fixedDecay && direction == 1) {
                // the defaults once ρ_t ≥ 5: one pass instead of three (memory-bound on large tensors)
                Chunks.run(p.length, (from, to) -> AdamMoments.rectifiedBeliefStep(g, p, m, v, b1, b2, e, rect,
                        decoupled, negLr, from, to));
                continue;
            }
            Chunks.run(p.length, (from, to) -> {
                if (!weightDecouple) {
                    for (int j = from; j < to; j++) {
                        g[j] = g[j] + l2 * p[j];
                    }
                }
                AdamMoments.first(g, m, b1, from, to);
                AdamMoments.belief(g, m, v, b2, e, from, to);
                if (amsgrad) {
                    AdamMoments.max(v, vHat, from, to);
                }
                for (int j = from; j < to; j++) {
                    double pj = p[j];
                    double d = switch (direction) {
                        case 0 -> AdamMoments.direction(m[j], vHat[j], c1, c2, e);
                        case 1 -> rect * (m[j] / (Math.sqrt(v[j]) + e)); // the reference uses s, not s_max, here
                        case 2 -> m[j] * c1;
                        default -> 0.0;
                    };
                    double u;
                    if (!weightDecouple) {
                        u = negLr * d;
                    } else if (fixedDecay) {
                        u = negLr * d - fixed * pj;
                    } else {
                        u = negLr * (d + decoupled * pj);
                    }
                    if (apply) {
                        p[j] = pj + u;
                    } else {
                        g[j] = u;
                    }
                }
            });
        }
        s.count().increment();
    }
}
