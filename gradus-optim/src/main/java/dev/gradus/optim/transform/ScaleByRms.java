package dev.gradus.optim.transform;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.kernel.Chunks;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;

/**
 * RMSprop's preconditioner (Tieleman &amp; Hinton, Coursera lecture 6.5, 2012; centered form: Graves,
 * "Generating Sequences With Recurrent Neural Networks", 2013), with the semantics of
 * {@code torch.optim.RMSprop}:
 *
 * <pre>
 * v_t = alpha v_{t-1} + (1 - alpha) g_t^2
 * m_t = alpha m_{t-1} + (1 - alpha) g_t                       (centered only)
 * u_t = g_t / (sqrt(v_t - m_t^2) + eps)     centered
 * u_t = g_t / (sqrt(v_t) + eps)             otherwise
 * </pre>
 *
 * Unlike {@code optax.scale_by_rms}, eps is added outside the square root and there is no initial
 * scale, as in torch.
 */
public final class ScaleByRms extends Configurable<ScaleByRms> {

    /** Spec: {@code scale_by_rms(alpha=0.99, eps=1e-08, centered=false)}. */
    public static final Descriptor<ScaleByRms> SPEC = Descriptor
            .builder("scale_by_rms", Descriptor.Kind.TRANSFORM, ScaleByRms::new)
            .summary("divide by the root of a running mean of squared updates (RMSprop)")
            .reference("Tieleman & Hinton 2012; Graves 2013 (centered); torch.optim.RMSprop semantics")
            .param(Param.scalar("alpha", 0.99, "smoothing constant").range(Range.closedOpen(0, 1)))
            .param(Param.scalar("eps", 1e-8, "added to the denominator").range(Range.atLeast(0)))
            .param(Param.flag("centered", false, "divide by the root of the variance estimate instead"))
            .build();

    /** RMS state: step count, running mean of squares, running mean (empty unless centered). */
    public record State(Counter count, TensorMap nu, TensorMap mu) implements Counted {}

    /** From validated hyperparameters; see {@code Transforms.scaleByRms}. */
    public ScaleByRms(Hyperparams hp) {
        super(hp);
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.zerosLike(), flag("centered") ? params.zerosLike() : new TensorMap());
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        State s = (State) state;
        long t = s.count().get();
        double a = at("alpha", t);
        double e = at("eps", t);
        boolean centered = flag("centered");
        for (String name : updates.names()) {
            double[] g = updates.get(name).data();
            double[] v = s.nu().get(name).data();
            double[] m = centered ? s.mu().get(name).data() : v;
            Chunks.run(g.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    g[i] = scaled(g[i], v, m, i, a, e, centered);
                }
            });
        }
        s.count().increment();
    }

    /**
     * One element of the preconditioner, shared with the fused {@code rmsprop}: advances {@code v[i]} (and
     * {@code m[i]} when centered) with gradient {@code gi} and returns {@code gi / (√v − m² + eps)}, or
     * {@code gi / (√v + eps)} when not centered.
     */
    public static double scaled(double gi, double[] v, double[] m, int i, double alpha, double eps, boolean centered) {
        double vi = alpha * v[i] + (1.0 - alpha) * gi * gi;
        v[i] = vi;
        if (centered) {
            double mi = alpha * m[i] + (1.0 - alpha) * gi;
            m[i] = mi;
            return gi / (Math.sqrt(vi - mi * mi) + eps);
        }
        return gi / (Math.sqrt(vi) + eps);
    }
}
