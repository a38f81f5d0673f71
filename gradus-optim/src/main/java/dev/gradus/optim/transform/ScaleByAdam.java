package dev.gradus.optim.transform;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Schedule;
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
 * Adam's preconditioner (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015),
 * with AMSGrad (Reddi, Kale &amp; Kumar, ICLR 2018), in the form of {@code torch.optim.Adam}:
 *
 * <pre>
 * m_t = b1 m_{t-1} + (1 - b1) g_t
 * v_t = b2 v_{t-1} + (1 - b2) g_t^2
 * vmax_t = max(vmax_{t-1}, v_t)                        (amsgrad; v_t below becomes vmax_t)
 * u_t = (m_t / (1 - b1^t)) / (sqrt(v_t) / sqrt(1 - b2^t) + eps)
 * </pre>
 *
 * The bias corrections are applied as multiplications by {@code 1/(1 - b1^t)} and
 * {@code 1/sqrt(1 - b2^t)}, computed once per step; the fused {@code adam} and {@code adamw} do the very
 * same operations, which is what makes them equal bit for bit. Against torch (which divides) this
 * differs in the last bits only. The eps sits outside the square root, as in torch and unlike optax's
 * {@code eps_root}. Reference: {@code optax.scale_by_adam}.
 */
public final class ScaleByAdam extends Configurable<ScaleByAdam> {

    /** Spec: {@code scale_by_adam(b1=0.9, b2=0.999, eps=1e-08, amsgrad=false)}. */
    public static final Descriptor<ScaleByAdam> SPEC = Descriptor
            .builder("scale_by_adam", Descriptor.Kind.TRANSFORM, ScaleByAdam::new)
            .summary("Adam's bias-corrected first moment over the root of the second moment")
            .reference("Kingma & Ba, ICLR 2015; Reddi et al., ICLR 2018 (amsgrad); optax.scale_by_adam")
            .param(Param.scalar("b1", 0.9, "decay of the first moment").range(Range.closedOpen(0, 1)))
            .param(Param.scalar("b2", 0.999, "decay of the second moment").range(Range.closedOpen(0, 1)))
            .param(Param.scalar("eps", 1e-8, "added to the denominator").range(Range.atLeast(0)))
            .param(Param.flag("amsgrad", false, "use the running maximum of the second moment"))
            .build();

    /** Adam state: step count, first moment, second moment, and its running max (empty unless amsgrad). */
    public record State(Counter count, TensorMap mu, TensorMap nu, TensorMap nuMax) implements Counted {}

    /** From validated hyperparameters; see {@code Transforms.scaleByAdam}. */
    public ScaleByAdam(Hyperparams hp) {
        super(hp);
    }

    /** The same preconditioner with {@code betas} given as a pair, as the optimizers hold them. */
    public static ScaleByAdam of(List<Schedule> betas, Schedule eps, boolean amsgrad) {
        return (ScaleByAdam) SPEC.defaults().with("b1", betas.get(0)).with("b2", betas.get(1)).with("eps", eps)
                .with("amsgrad", amsgrad).create();
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.zerosLike(), params.zerosLike(),
                flag("amsgrad") ? params.zerosLike() : new TensorMap());
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        State s = (State) state;
        long step = s.count().get();
        long t = step + 1;
        double beta1 = at("b1", step);
        double beta2 = at("b2", step);
        double e = at("eps", step);
        boolean amsgrad = flag("amsgrad");
        double c1 = AdamMoments.c1(beta1, t);
        double c2 = AdamMoments.c2(beta2, t);
        for (String name : updates.names()) {
            double[] g = updates.get(name).data();
            double[] m = s.mu().get(name).data();
            double[] v = s.nu().get(name).data();
            double[] vHat = amsgrad ? s.nuMax().get(name).data() : v;
            Chunks.run(g.length, (from, to) -> {
                AdamMoments.moments(g, m, v, beta1, beta2, from, to);
                if (amsgrad) {
                    AdamMoments.max(v, vHat, from, to);
                }
                AdamMoments.direction(m, vHat, c1, c2, e, g, from, to);
            });
        }
        s.count().increment();
    }
}
