package dev.gradus.optim;

import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;

/**
 * SGDP: SGD with momentum that removes the radial component of the update on scale-invariant weights.
 *
 * <p>Reference: B. Heo et al., "AdamP: Slowing Down the Slowdown for Momentum Optimizers on Scale-invariant
 * Weights", ICLR 2021. Official code: {@code clovaai/AdamP adamp/sgdp.py} (v0.3.0), which this class
 * follows line by line.
 *
 * <p>Per parameter tensor {@code p} with raw gradient {@code g}:
 * <pre>
 *   buf ← momentum · buf + (1 − dampening) · g          (buf starts at 0)
 *   d = g + momentum · buf   if nesterov,   else d = buf
 *   if rank(p) > 1 and p is scale invariant (channel-wise, else layer-wise; tested on the RAW g):
 *       d ← d − p̂ ⟨p̂, d⟩,  p̂ = p / (‖p‖ + eps);   wd_factor = wd_ratio        (see ScaleInvariantProjection)
 *   else wd_factor = 1
 *   p ← p − lr · weight_decay · wd_factor / (1 − momentum) · p     (only when weight_decay > 0)
 *   p ← p − lr · d
 * </pre>
 *
 * <p>Defaults (reference names): {@code lr} required, {@code momentum=0, dampening=0, weight_decay=0,
 * nesterov=false, eps=1e-8, delta=0.1, wd_ratio=0.1}. README usage:
 * {@code sgdp(lr=0.1, weight_decay=1e-5, momentum=0.9, nesterov=true)}.
 *
 * <p>Code versus paper and versus {@code torch.optim.SGD}, all kept for parity:
 * <ul>
 *   <li>The weight decay is decoupled and divided by {@code 1 − momentum}; torch SGD instead adds
 *       {@code weight_decay · p} to the gradient.</li>
 *   <li>The momentum buffer starts at zero, so the first step uses {@code (1 − dampening)·g}; torch SGD
 *       starts the buffer at {@code g}.</li>
 *   <li>Without Nesterov, the reference's {@code d_p} is the momentum buffer itself and the projection
 *       runs in place on it, so the <em>buffer</em> is projected too. Gradus does the same.</li>
 *   <li>The paper tests once on the whole tensor; the code tests channel-wise first, then layer-wise.</li>
 * </ul>
 * The step is computed as one update {@code u = −lr·wd·wd_factor/(1−momentum)·p − lr·d} added to {@code p}
 * (the reference scales {@code p} first), which agrees to rounding.
 */
public final class SgdP implements GradientTransformation {

    /** SGDP state: the step count and the momentum buffer per parameter. */
    public record State(Counter count, TensorMap momentumBuffer) implements OptState {}

    private final Schedule lr;
    private final Schedule momentum;
    private final Schedule dampening;
    private final Schedule weightDecay;
    private final boolean nesterov;
    private final Schedule eps;
    private final Schedule delta;
    private final Schedule wdRatio;

    /** SGDP with learning rate {@code lr} (required by the reference) and the reference defaults. */
    public SgdP(double lr) {
        this(PaperHyper.constant("sgdp", "lr", lr, 0, Double.POSITIVE_INFINITY), Schedule.constant(0.0),
                Schedule.constant(0.0), Schedule.constant(0.0), false, Schedule.constant(1e-8), Schedule.constant(0.1),
                Schedule.constant(0.1));
    }

    private SgdP(Schedule lr, Schedule momentum, Schedule dampening, Schedule weightDecay, boolean nesterov,
            Schedule eps, Schedule delta, Schedule wdRatio) {
        this.lr = lr;
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        this.eps = eps;
        this.delta = delta;
        this.wdRatio = wdRatio;
    }

    /** Learning rate {@code lr}. */
    public SgdP lr(double value) {
        return lr(PaperHyper.constant("sgdp", "lr", value, 0, Double.POSITIVE_INFINITY));
    }

    /** Learning rate {@code lr} as a schedule of the step. */
    public SgdP lr(Schedule value) {
        return new SgdP(value, momentum, dampening, weightDecay, nesterov, eps, delta, wdRatio);
    }

    /** {@code momentum} (default 0), in [0, 1). */
    public SgdP momentum(double value) {
        return momentum(PaperHyper.constant("sgdp", "momentum", value, 0, PaperHyper.BELOW_ONE));
    }

    /** {@code momentum} as a schedule. */
    public SgdP momentum(Schedule value) {
        return new SgdP(lr, value, dampening, weightDecay, nesterov, eps, delta, wdRatio);
    }

    /** {@code dampening} (default 0). */
    public SgdP dampening(double value) {
        return dampening(PaperHyper.constant("sgdp", "dampening", value, 0, 1));
    }

    /** {@code dampening} as a schedule. */
    public SgdP dampening(Schedule value) {
        return new SgdP(lr, momentum, value, weightDecay, nesterov, eps, delta, wdRatio);
    }

    /** Decoupled {@code weight_decay} (default 0). */
    public SgdP weightDecay(double value) {
        return weightDecay(PaperHyper.constant("sgdp", "weight_decay", value, 0, Double.POSITIVE_INFINITY));
    }

    /** {@code weight_decay} as a schedule. */
    public SgdP weightDecay(Schedule value) {
        return new SgdP(lr, momentum, dampening, value, nesterov, eps, delta, wdRatio);
    }

    /** {@code nesterov} momentum (default false). */
    public SgdP nesterov(boolean value) {
        return new SgdP(lr, momentum, dampening, weightDecay, value, eps, delta, wdRatio);
    }

    /** {@code eps} (default 1e-8), the guard of the projection. */
    public SgdP eps(double value) {
        return eps(PaperHyper.constant("sgdp", "eps", value, 0, Double.POSITIVE_INFINITY));
    }

    /** {@code eps} as a schedule. */
    public SgdP eps(Schedule value) {
        return new SgdP(lr, momentum, dampening, weightDecay, nesterov, value, delta, wdRatio);
    }

    /** Threshold {@code delta} of the scale-invariance test (default 0.1). */
    public SgdP delta(double value) {
        return delta(PaperHyper.constant("sgdp", "delta", value, 0, Double.POSITIVE_INFINITY));
    }

    /** {@code delta} as a schedule. */
    public SgdP delta(Schedule value) {
        return new SgdP(lr, momentum, dampening, weightDecay, nesterov, eps, value, wdRatio);
    }

    /** {@code wd_ratio}: weight-decay factor on projected tensors (default 0.1). */
    public SgdP wdRatio(double value) {
        return wdRatio(PaperHyper.constant("sgdp", "wd_ratio", value, 0, Double.POSITIVE_INFINITY));
    }

    /** {@code wd_ratio} as a schedule. */
    public SgdP wdRatio(Schedule value) {
        return new SgdP(lr, momentum, dampening, weightDecay, nesterov, eps, delta, value);
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.zerosLike());
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
        double mom = momentum.at(k);
        double damp = dampening.at(k);
        double wd = weightDecay.at(k);
        double epsK = eps.at(k);
        double deltaK = delta.at(k);
        double ratio = wdRatio.at(k);
        s.count().increment();
        double decay = wd > 0 ? lrK * wd / (1 - mom) : 0.0;
        for (String name : params.names()) {
            Tensor p = params.get(name);
            double[] pd = p.data();
            double[] g = grads.get(name).data();
            double[] buf = s.momentumBuffer().get(name).data();
            int rows = ScaleInvariantProjection.channels(p);
            int mode = ScaleInvariantProjection.NONE;
            double[] norms = null;
            if (p.rank() > 1) {
                norms = new double[rows];
                mode = ScaleInvariantProjection.test(pd, g, rows, deltaK, epsK, norms);
            }
            if (mode == ScaleInvariantProjection.NONE) {
                plain(pd, g, buf, mom, damp, lrK, decay, apply);
            } else {
                ScaleInvariantProjection.rowNorms(mode, norms, rows, epsK);
                int blocks = mode == ScaleInvariantProjection.CHANNEL ? rows : 1;
                projected(pd, g, buf, blocks, norms, mom, damp, lrK, decay * ratio, apply);
            }
        }
    }

    private void plain(double[] p, double[] g, double[] buf, double mom, double damp, double lr, double decay,
            boolean apply) {
        for (int j = 0; j < p.length; j++) {
            double gj = g[j];
            double bj = mom * buf[j] + (1 - damp) * gj;
            buf[j] = bj;
            double d = nesterov ? gj + mom * bj : bj;
            double u = -decay * p[j] - lr * d;
            if (apply) {
                p[j] += u;
            } else {
                g[j] = u;
            }
        }
    }

    /** As {@link AdamP}: per block, first the direction and ⟨p̂, d⟩, then projection and step. */
    private void projected(double[] p, double[] g, double[] buf, int blocks, double[] norms, double mom,
            double damp, double lr, double decay, boolean apply) {
        int len = p.length / blocks;
        for (int b = 0; b < blocks; b++) {
            int start = b * len;
            int end = start + len;
            double inv = 1.0 / norms[b];
            double dot = 0.0;
            for (int j = start; j < end; j++) {
                double gj = g[j];
                double bj = mom * buf[j] + (1 - damp) * gj;
                buf[j] = bj;
                double d = nesterov ? gj + mom * bj : bj;
                g[j] = d;
                dot += p[j] * inv * d;
            }
            for (int j = start; j < end; j++) {
                double d = g[j] - p[j] * inv * dot;
                if (!nesterov) {
                    buf[j] = d; // the reference projects d_p in place, and d_p is the buffer itself
                }
                double u = -decay * p[j] - lr * d;
                if (apply) {
                    p[j] += u;
                } else {
                    g[j] = u;
                }
            }
        }
    }
}
