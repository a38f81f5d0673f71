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
import dev.gradus.optim.kernel.Chunks;
import dev.gradus.optim.schedule.ConstantSchedule;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import dev.gradus.optim.transform.ScaleInvariantProjection;
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
 *       if not nesterov and project_buffer: buf ← d           (the official code; the paper keeps buf)
 *   else wd_factor = 1
 *   p ← p − lr · weight_decay · wd_factor / (1 − momentum) · p     (decoupled)
 *   p ← p − lr · d
 * </pre>
 *
 * <p>Defaults (reference names): {@code lr} required, {@code momentum=0, dampening=0, weight_decay=0,
 * nesterov=false, eps=1e-8, delta=0.1, wd_ratio=0.1, project_buffer=true}. {@code project_buffer} is Gradus's
 * own option (the reference has none): {@code true} is the official code, {@code false} the paper's Algorithm
 * (the projected direction is a new variable and the momentum buffer keeps its radial part); it matters only
 * without Nesterov. README usage:
 * {@code sgdp(lr=0.1, weight_decay=1e-5, momentum=0.9, nesterov=true)}.
 *
 * <p>Code versus paper and versus {@code torch.optim.SGD}, all kept for parity:
 * <ul>
 *   <li>The weight decay is decoupled and divided by {@code 1 − momentum}; torch SGD instead adds
 *       {@code weight_decay · p} to the gradient.</li>
 *   <li>The momentum buffer starts at zero, so the first step uses {@code (1 − dampening)·g}; torch SGD
 *       starts the buffer at {@code g}.</li>
 *   <li>Without Nesterov, the reference's {@code d_p} is the momentum buffer itself and the projection
 *       runs in place on it, so the <em>buffer</em> is projected too. Gradus does the same by default;
 *       {@code project_buffer=false} gives the paper's form, where it is not.</li>
 *   <li>The paper tests once on the whole tensor; the code tests channel-wise first, then layer-wise.</li>
 * </ul>
 * The step is computed as one update {@code u = −lr·(d + wd·wd_factor/(1−momentum)·p)} added to {@code p}
 * (the reference scales {@code p} first), which agrees to rounding.
 *
 * <p>Reference chain (Nesterov, no dampening): {@code chain(project_scale_invariant(trace(momentum,
 * nesterov=true), weight_decay/(1 − momentum), delta, wd_ratio, eps), scale_by_learning_rate(lr))}, equal
 * bit for bit. Without Nesterov the in-place projection of the buffer, and with dampening the
 * zero-started buffer, have no building-block equivalent; every branch is also tested against a
 * line-by-line transcription of {@code sgdp.py}.
 *
 * <pre>{@code
 * SgdP opt = Optimizers.sgdp(0.1).momentum(0.9).nesterov(true).weightDecay(1e-5);
 * }</pre>
 */
public final class SgdP extends FusedOptimizer<SgdP> implements Fluent.Lr<SgdP>, Fluent.Momentum<SgdP>,
        Fluent.Dampening<SgdP>, Fluent.WeightDecay<SgdP>, Fluent.Nesterov<SgdP>, Fluent.Eps<SgdP>, Fluent.Delta<SgdP>,
        Fluent.WdRatio<SgdP> {

    /**
     * Spec: {@code sgdp(lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=false, eps=1e-08, delta=0.1,
     * wd_ratio=0.1, project_buffer=true)}.
     */
    public static final Descriptor<SgdP> SPEC = Descriptor.builder("sgdp", Descriptor.Kind.OPTIMIZER, SgdP::new)
            .summary("SGD with momentum and the radial update component removed on scale-invariant weights")
            .reference("Heo et al., ICLR 2021; clovaai/AdamP adamp/sgdp.py")
            .param(new Param("lr", ParamType.SCALAR, null, Range.atLeast(0), null, 0, false,
                    "learning rate (required)"))
            .param(Param.scalar("momentum", 0.0, "momentum coefficient").range(Range.closedOpen(0, 1)))
            .param(Param.scalar("dampening", 0.0, "dampening of the new gradient").range(Range.closed(0, 1)))
            .param(Param.scalar("weight_decay", 0.0, "decoupled decay, divided by 1 - momentum")
                    .range(Range.atLeast(0)))
            .param(Param.flag("nesterov", false, "Nesterov momentum"))
            .param(Param.scalar("eps", 1e-8, "guard of the projection").range(Range.atLeast(0)))
            .param(Param.scalar("delta", 0.1, "threshold of the scale-invariance test").range(Range.atLeast(0)))
            .param(Param.scalar("wd_ratio", 0.1, "weight-decay factor on projected tensors").range(Range.atLeast(0)))
            .param(Param.flag("project_buffer", true, "without Nesterov, project the momentum buffer in place as the "
                    + "official code does (false: the paper's form, buffer kept)"))
            .build();

    /** SGDP state: the step count and the momentum buffer per parameter. */
    public record State(Counter count, TensorMap momentumBuffer) implements Counted {}

    /** From validated hyperparameters; use {@code Optimizers.sgdp(lr)}. */
    public SgdP(Hyperparams hp) {
        super(hp);
    }

    /**
     * Without Nesterov, whether the momentum buffer is projected in place (true, the official code and the
     * default) or kept (false, the paper's algorithm).
     */
    public SgdP projectBuffer(boolean value) {
        return with("project_buffer", value);
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.zerosLike());
    }

    /**
     * With Nesterov and no dampening: {@code chain(project_scale_invariant(trace(momentum, nesterov=true),
     * weight_decay / (1 − momentum), delta, wd_ratio, eps), scale_by_learning_rate(lr))}, equal to the fused
     * step bit for bit ({@code trace}'s first buffer is g, which is SGDP's zero-started buffer after one step
     * when dampening is 0).
     *
     * @throws UnsupportedOperationException without Nesterov (the reference projects the buffer itself in
     *     place) or with dampening (the buffers start differently)
     */
    @Override
    public GradientTransformation reference() {
        boolean nesterov = flag("nesterov");
        if (!(nesterov || !flag("project_buffer"))
                || !(hp.schedule("dampening") instanceof ConstantSchedule c && c.value() == 0.0)) {
            throw new UnsupportedOperationException("sgdp: a composed reference exists only with nesterov=true or "
                    + "project_buffer=false, and dampening=0 (without Nesterov the official code projects the "
                    + "momentum buffer in place); these settings are tested against a transcription of sgdp.py");
        }
        Schedule decay = step -> at("weight_decay", step) / (1 - at("momentum", step));
        GradientTransformation trace = Transforms.trace(hp.schedule("momentum")).with("nesterov", nesterov);
        ScaleInvariantProjection projection = (ScaleInvariantProjection) ScaleInvariantProjection.of(trace)
                .with("weight_decay", decay).with("delta", hp.schedule("delta")).with("wd_ratio", hp.schedule("wd_ratio"))
                .with("eps", hp.schedule("eps"));
        return Transforms.chain(projection, Transforms.scaleByLearningRate(hp.schedule("lr")));
    }

    @Override
    protected void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply) {
        State s = (State) state;
        long k = s.count().get();
        double negLr = -at("lr", k);
        double mom = at("momentum", k);
        double damp = at("dampening", k);
        double wd = at("weight_decay", k);
        double e = at("eps", k);
        double deltaK = at("delta", k);
        double ratio = at("wd_ratio", k);
        double decay = wd / (1 - mom);
        boolean nesterov = flag("nesterov");
        boolean inPlace = !nesterov && flag("project_buffer");
        for (String name : params.names()) {
            Tensor p = params.get(name);
            double[] pd = p.data();
            double[] g = grads.get(name).data();
            double[] buf = s.momentumBuffer().get(name).data();
            int mode = ScaleInvariantProjection.NONE;
            if (p.rank() > 1) {
                mode = ScaleInvariantProjection.test(pd, g, p.dim(0), deltaK, e);
            }
            if (mode == ScaleInvariantProjection.NONE) {
                Chunks.run(pd.length, (from, to) -> plain(pd, g, buf, mom, damp, nesterov, negLr, decay, apply, from, to));
            } else {
                int blocks = mode == ScaleInvariantProjection.CHANNEL ? p.dim(0) : 1;
                projected(pd, g, buf, blocks, e, mom, damp, nesterov, inPlace, negLr, decay * ratio, apply);
            }
        }
        s.count().increment();
    }

    private static void plain(double[] p, double[] g, double[] buf, double mom, double damp, boolean nesterov,
            double negLr, double decay, boolean apply, int from, int to) {
        for (int j = from; j < to; j++) {
            double gj = g[j];
            double bj = mom * buf[j] + (1 - damp) * gj;
            buf[j] = bj;
            double d = nesterov ? gj + mom * bj : bj;
            double u = negLr * (d + decay * p[j]);
            if (apply) {
                p[j] = p[j] + u;
            } else {
                g[j] = u;
            }
        }
    }

    /** As {@link AdamP}: per block, first the direction and ⟨p̂, d⟩, then projection and step. */
    private static void projected(double[] p, double[] g, double[] buf, int blocks, double eps, double mom,
            double damp, boolean nesterov, boolean inPlace, double negLr, double decay, boolean apply) {
        int len = p.length / blocks;
        for (int b = 0; b < blocks; b++) {
            int start = b * len;
            int end = start + len;
            double pd = 0.0;
            double pp = 0.0;
            for (int j = start; j < end; j++) {
                double gj = g[j];
                double bj = mom * buf[j] + (1 - damp) * gj;
                buf[j] = bj;
                double d = nesterov ? gj + mom * bj : bj;
                g[j] = d;
                pd += p[j] * d;
                pp += p[j] * p[j];
            }
            double c = ScaleInvariantProjection.coefficient(pd, pp, eps);
            for (int j = start; j < end; j++) {
                double d = g[j] - p[j] * c;
                if (inPlace) {
                    buf[j] = d; // the reference projects d_p in place, and d_p is the buffer itself
                }
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
