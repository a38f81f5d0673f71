package dev.gradus.optim.transform;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.kernel.AdamMoments;
import dev.gradus.optim.kernel.Chunks;
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

    /** From validated hyperparameters; see {@code Transforms.scaleByBelief}. */
    public ScaleByBelief(Hyperparams hp) {
        super(hp);
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
        double beta1 = at("b1", step);
        double beta2 = at("b2", step);
        double e = at("eps", step);
        double c1 = AdamMoments.c1(beta1, t);
        double c2 = AdamMoments.c2(beta2, t);
        for (String name : updates.names()) {
            double[] g = updates.get(name).data();
            double[] m = s.mu().get(name).data();
            double[] v = s.nu().get(name).data();
            Chunks.run(g.length, (from, to) -> {
                AdamMoments.first(g, m, beta1, from, to);
                AdamMoments.belief(g, m, v, beta2, e, from, to);
                AdamMoments.direction(m, v, c1, c2, e, g, from, to);
            });
        }
        s.count().increment();
    }
}
