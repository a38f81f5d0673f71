package dev.gradus.optim.transform;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Schedule;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;

/**
 * AdaBelief's preconditioner (Zhuang et al., "AdaBelief Optimizer: Adapting Stepsizes by the Belief in
 * Observed Gradients", NeurIPS 2020), non-rectified, as the authors' {@code adabelief_pytorch} 0.2:
 *
 * <pre>
 * m_t = b1 m_{t-1} + (1 - b1) g_t
 * s_t = b2 s_{t-1} + (1 - b2) (g_t - m_t)^2 + eps         (eps inside the state, every step)
 * u_t = (m_t / (1 - b1^t)) / (sqrt(s_t) / sqrt(1 - b2^t) + eps)   (and eps again outside)
 * </pre>
 *
 * {@code (g_t - m_t)} uses the updated {@code m_t}. The bias corrections are multiplied in as
 * reciprocals, like {@link ScaleByAdam}. Unlike {@code optax.scale_by_belief}, eps enters twice as in the
 * official code.
 */
public final class ScaleByBelief extends Configurable<ScaleByBelief> {

    /** Spec: {@code scale_by_belief(b1=0.9, b2=0.999, eps=1e-16)}. */
    public static final Descriptor<ScaleByBelief> SPEC = Descriptor
            .builder("scale_by_belief", Descriptor.Kind.TRANSFORM, ScaleByBelief::new)
            .summary("AdaBelief: first moment over the root of the EMA of (g - m)^2")
            .reference("Zhuang et al., NeurIPS 2020; adabelief_pytorch 0.2.1")
            .param(Param.scalar("b1", 0.9, "decay of the first moment").range(Range.closedOpen(0, 1)))
            .param(Param.scalar("b2", 0.999, "decay of the belief").range(Range.closedOpen(0, 1)))
            .param(Param.scalar("eps", 1e-16, "added to the belief and to the denominator").range(Range.atLeast(0)))
            .build();

    /** AdaBelief state: step count, first moment, belief (EMA of the squared surprise). */
    public record State(Counter count, TensorMap mu, TensorMap nu) implements Counted {}

    private final Schedule b1;
    private final Schedule b2;
    private final Schedule eps;

    /** From validated hyperparameters; see {@code Transforms.scaleByBelief}. */
    public ScaleByBelief(Hyperparams hp) {
        super(hp);
        this.b1 = hp.schedule("b1");
        this.b2 = hp.schedule("b2");
        this.eps = hp.schedule("eps");
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.zerosLike(), params.zerosLike());
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        State s = (State) state;
        long step = s.count().get();
        long t = step + 1;
        double beta1 = b1.at(step);
        double beta2 = b2.at(step);
        double e = eps.at(step);
        double c1 = 1.0 / (1.0 - StrictMath.pow(beta1, t));
        double c2 = 1.0 / Math.sqrt(1.0 - StrictMath.pow(beta2, t));
        for (String name : updates.names()) {
            double[] g = updates.get(name).data();
            double[] m = s.mu().get(name).data();
            double[] v = s.nu().get(name).data();
            for (int i = 0; i < g.length; i++) {
                double gi = g[i];
                double mi = beta1 * m[i] + (1.0 - beta1) * gi;
                double diff = gi - mi;
                double vi = beta2 * v[i] + (1.0 - beta2) * diff * diff + e;
                m[i] = mi;
                v[i] = vi;
                g[i] = (mi * c1) / (Math.sqrt(vi) * c2 + e);
            }
        }
        s.count().increment();
    }
}
