package dev.gradus.optim;

import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;

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
 *   denom = √v / √(1 − β2ᵗ) + eps
 *   d = m / denom                                   (nesterov: d = (β1 m + (1 − β1) g) / denom)
 *   if rank(p) > 1 and p is scale invariant (channel-wise, else layer-wise; tested on the RAW g):
 *       d ← d − p̂ ⟨p̂, d⟩,  p̂ = p / (‖p‖ + eps);   wd_factor = wd_ratio        (see ScaleInvariantProjection)
 *   else wd_factor = 1
 *   p ← p − lr · weight_decay · wd_factor · p       (only when weight_decay > 0; decoupled)
 *   p ← p − lr / (1 − β1ᵗ) · d
 * </pre>
 *
 * <p>Defaults (reference names): {@code lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
 * delta=0.1, wd_ratio=0.1, nesterov=false}. README usage: {@code adamp(lr=1e-3, weight_decay=1e-2)}.
 *
 * <p>Code versus paper: the paper tests the whole tensor once; the code tests channel-wise first, then
 * layer-wise. The decoupled decay with {@code wd_ratio} is a code-level choice, and Nesterov arrived in
 * v0.2.0. The cosine guard is {@code torch.nn.functional.cosine_similarity}'s ({@code max(‖x‖, eps)} per
 * norm, PyTorch ≥ 1.12; earlier versions clamp the product of the norms); the two differ only within
 * rounding of the threshold. A zero-initialised matrix passes the test, so it silently gets
 * {@code wd_ratio} times the decay, as in the reference. Gradus computes the step as one update
 * {@code u = −lr·wd·wd_factor·p − lr/(1−β1ᵗ)·d} added to {@code p}, instead of the reference's
 * {@code p·(1 − lr·wd·wd_factor)} followed by the step, so results agree to rounding (about 1e-16
 * relative per step), and the fused {@link #step} equals {@link #update} + apply bit for bit.
 *
 * <p>Equal to a composition: {@code scale_by_adam} (bias-corrected, eps outside the root) then
 * {@code scale(−lr)}, then {@link ScaleInvariantProjection#project} on the result with the raw gradient,
 * then decoupled decay {@code −lr·weight_decay·wd_factor·p}; a test proves the fused kernel equal to it.
 *
 * <pre>{@code
 * AdamP opt = Optimizers.adamP().lr(1e-3).weightDecay(1e-2);
 * OptState state = opt.init(params);
 * for (int i = 0; i < 5; i++) {
 *     TensorMap grads = model.gradients(params);
 *     opt.step(params, grads, state);
 * }
 * }</pre>
 */
public final class AdamP implements GradientTransformation {

    /** AdamP state: the step count and the two moments per parameter. */
    public record State(Counter count, TensorMap expAvg, TensorMap expAvgSq) implements OptState {}

    private final Schedule lr;
    private final Schedule beta1;
    private final Schedule beta2;
    private final Schedule eps;
    private final Schedule weightDecay;
    private final Schedule delta;
    private final Schedule wdRatio;
    private final boolean nesterov;

    /** AdamP with the reference defaults. */
    public AdamP() {
        this(Schedule.constant(1e-3), Schedule.constant(0.9), Schedule.constant(0.999), Schedule.constant(1e-8),
                Schedule.constant(0.0), Schedule.constant(0.1), Schedule.constant(0.1), false);
    }

    private AdamP(Schedule lr, Schedule beta1, Schedule beta2, Schedule eps, Schedule weightDecay,
            Schedule delta, Schedule wdRatio, boolean nesterov) {
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.delta = delta;
        this.wdRatio = wdRatio;
        this.nesterov = nesterov;
    }

    /** Learning rate {@code lr} (default 1e-3). */
    public AdamP lr(double value) {
        return lr(PaperHyper.constant("adamp", "lr", value, 0, Double.POSITIVE_INFINITY));
    }

    /** Learning rate {@code lr} as a schedule of the step. */
    public AdamP lr(Schedule value) {
        return new AdamP(value, beta1, beta2, eps, weightDecay, delta, wdRatio, nesterov);
    }

    /** {@code betas=(b1, b2)} (default (0.9, 0.999)), each in [0, 1). */
    public AdamP betas(double b1, double b2) {
        return betas(PaperHyper.constant("adamp", "betas[0]", b1, 0, PaperHyper.BELOW_ONE),
                PaperHyper.constant("adamp", "betas[1]", b2, 0, PaperHyper.BELOW_ONE));
    }

    /** {@code betas} as schedules. */
    public AdamP betas(Schedule b1, Schedule b2) {
        return new AdamP(lr, b1, b2, eps, weightDecay, delta, wdRatio, nesterov);
    }

    /** {@code eps} (default 1e-8): added to the denominator, and the guard of the projection. */
    public AdamP eps(double value) {
        return eps(PaperHyper.constant("adamp", "eps", value, 0, Double.POSITIVE_INFINITY));
    }

    /** {@code eps} as a schedule. */
    public AdamP eps(Schedule value) {
        return new AdamP(lr, beta1, beta2, value, weightDecay, delta, wdRatio, nesterov);
    }

    /** Decoupled {@code weight_decay} (default 0). */
    public AdamP weightDecay(double value) {
        return weightDecay(PaperHyper.constant("adamp", "weight_decay", value, 0, Double.POSITIVE_INFINITY));
    }

    /** {@code weight_decay} as a schedule. */
    public AdamP weightDecay(Schedule value) {
        return new AdamP(lr, beta1, beta2, eps, value, delta, wdRatio, nesterov);
    }

    /** Threshold {@code delta} of the scale-invariance test (default 0.1). */
    public AdamP delta(double value) {
        return delta(PaperHyper.constant("adamp", "delta", value, 0, Double.POSITIVE_INFINITY));
    }

    /** {@code delta} as a schedule. */
    public AdamP delta(Schedule value) {
        return new AdamP(lr, beta1, beta2, eps, weightDecay, value, wdRatio, nesterov);
    }

    /** {@code wd_ratio}: weight-decay factor on projected tensors (default 0.1). */
    public AdamP wdRatio(double value) {
        return wdRatio(PaperHyper.constant("adamp", "wd_ratio", value, 0, Double.POSITIVE_INFINITY));
    }

    /** {@code wd_ratio} as a schedule. */
    public AdamP wdRatio(Schedule value) {
        return new AdamP(lr, beta1, beta2, eps, weightDecay, delta, value, nesterov);
    }

    /** {@code nesterov} momentum (default false). */
    public AdamP nesterov(boolean value) {
        return new AdamP(lr, beta1, beta2, eps, weightDecay, delta, wdRatio, value);
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.zerosLike(), params.zerosLike());
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params) {
        run(params, updates, (State) state, false);
    }

    @Override
    public void step(TensorMap params, TensorMap grads, OptState state) {
        run(params, grads, (State) state, true);
    }

    private void run(TensorMap params, TensorMap grads, State s, boolean apply) {
        long k = s.count().get();
        double lrK = lr.at(k);
        double b1 = beta1.at(k);
        double b2 = beta2.at(k);
        double epsK = eps.at(k);
        double wd = weightDecay.at(k);
        double deltaK = delta.at(k);
        double ratio = wdRatio.at(k);
        long t = s.count().increment();
        double stepSize = lrK / (1.0 - StrictMath.pow(b1, t));
        double sqrtBc2 = Math.sqrt(1.0 - StrictMath.pow(b2, t));
        double decay = wd > 0 ? lrK * wd : 0.0;
        for (String name : params.names()) {
            Tensor p = params.get(name);
            double[] pd = p.data();
            double[] g = grads.get(name).data();
            double[] m = s.expAvg().get(name).data();
            double[] v = s.expAvgSq().get(name).data();
            int rows = ScaleInvariantProjection.channels(p);
            int mode = ScaleInvariantProjection.NONE;
            double[] norms = null;
            if (p.rank() > 1) {
                norms = new double[rows];
                mode = ScaleInvariantProjection.test(pd, g, rows, deltaK, epsK, norms);
            }
            if (mode == ScaleInvariantProjection.NONE) {
                plain(pd, g, m, v, b1, b2, epsK, sqrtBc2, stepSize, decay, apply);
            } else {
                ScaleInvariantProjection.rowNorms(mode, norms, rows, epsK);
                int blocks = mode == ScaleInvariantProjection.CHANNEL ? rows : 1;
                projected(pd, g, m, v, blocks, norms, b1, b2, epsK, sqrtBc2, stepSize, decay * ratio, apply);
            }
        }
    }

    /** One pass: moments, direction, decay and step, for a tensor that is not projected. */
    private void plain(double[] p, double[] g, double[] m, double[] v, double b1, double b2, double eps,
            double sqrtBc2, double stepSize, double decay, boolean apply) {
        for (int j = 0; j < p.length; j++) {
            double gj = g[j];
            double mj = b1 * m[j] + (1 - b1) * gj;
            double vj = b2 * v[j] + (1 - b2) * gj * gj;
            m[j] = mj;
            v[j] = vj;
            double denom = Math.sqrt(vj) / sqrtBc2 + eps;
            double d = nesterov ? (b1 * mj + (1 - b1) * gj) / denom : mj / denom;
            double u = -decay * p[j] - stepSize * d;
            if (apply) {
                p[j] += u;
            } else {
                g[j] = u;
            }
        }
    }

    /**
     * Two passes per block (a row, or the whole tensor): the first advances the moments, writes the
     * direction d over the gradient and accumulates ⟨p̂, d⟩; the second removes p̂⟨p̂, d⟩ and steps.
     * A block is one row of a weight, so the second pass reads it from cache.
     */
    private void projected(double[] p, double[] g, double[] m, double[] v, int blocks, double[] norms,
            double b1, double b2, double eps, double sqrtBc2, double stepSize, double decay, boolean apply) {
        int len = p.length / blocks;
        for (int b = 0; b < blocks; b++) {
            int start = b * len;
            int end = start + len;
            double inv = 1.0 / norms[b];
            double dot = 0.0;
            for (int j = start; j < end; j++) {
                double gj = g[j];
                double mj = b1 * m[j] + (1 - b1) * gj;
                double vj = b2 * v[j] + (1 - b2) * gj * gj;
                m[j] = mj;
                v[j] = vj;
                double denom = Math.sqrt(vj) / sqrtBc2 + eps;
                double d = nesterov ? (b1 * mj + (1 - b1) * gj) / denom : mj / denom;
                g[j] = d;
                dot += p[j] * inv * d;
            }
            for (int j = start; j < end; j++) {
                double d = g[j] - p[j] * inv * dot;
                double u = -decay * p[j] - stepSize * d;
                if (apply) {
                    p[j] += u;
                } else {
                    g[j] = u;
                }
            }
        }
    }
}
