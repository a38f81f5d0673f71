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

    private final Schedule b1;
    private final Schedule b2;
    private final Schedule eps;
    private final boolean amsgrad;

    /** From validated hyperparameters; see {@code Transforms.scaleByAdam}. */
    public ScaleByAdam(Hyperparams hp) {
        super(hp);
        this.b1 = hp.schedule("b1");
        this.b2 = hp.schedule("b2");
        this.eps = hp.schedule("eps");
        this.amsgrad = hp.flag("amsgrad");
    }

    /** The same preconditioner with {@code betas} given as a pair, as the optimizers hold them. */
    public static ScaleByAdam of(List<Schedule> betas, Schedule eps, boolean amsgrad) {
        return (ScaleByAdam) SPEC.defaults().with("b1", betas.get(0)).with("b2", betas.get(1)).with("eps", eps)
                .with("amsgrad", amsgrad).create();
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.zerosLike(), params.zerosLike(),
                amsgrad ? params.zerosLike() : new TensorMap());
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
            double[] vmax = amsgrad ? s.nuMax().get(name).data() : v;
            for (int i = 0; i < g.length; i++) {
                double gi = g[i];
                double mi = beta1 * m[i] + (1.0 - beta1) * gi;
                double vi = beta2 * v[i] + (1.0 - beta2) * gi * gi;
                m[i] = mi;
                v[i] = vi;
                if (amsgrad) {
                    vi = Math.max(vmax[i], vi);
                    vmax[i] = vi;
                }
                g[i] = (mi * c1) / (Math.sqrt(vi) * c2 + e);
            }
        }
        s.count().increment();
    }
}
