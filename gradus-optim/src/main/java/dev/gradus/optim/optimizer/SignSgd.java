package dev.gradus.optim.optimizer;

import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.Fluent;
import dev.gradus.optim.FusedOptimizer;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.kernel.Chunks;
import dev.gradus.optim.schedule.ConstantSchedule;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;

/**
 * signSGD, and Signum (signSGD with momentum): step along the sign of the gradient or of its EMA.
 *
 * <p>Reference: J. Bernstein, Y.-X. Wang, K. Azizzadenesheli, A. Anandkumar, "signSGD: Compressed
 * Optimisation for Non-Convex Problems", ICML 2018, Algorithms 1 (signSGD) and 3 (Signum). The authors'
 * code ({@code jxbz/signSGD}) uses MXNet's {@code Signum} optimizer.
 * <pre>
 *   g ← g + weight_decay · p                            (coupled L2, when weight_decay ≠ 0)
 *   momentum = 0:  p ← p − lr · sign(g)                  (signSGD)
 *   momentum > 0:  buf ← momentum · buf + (1 − momentum) · g ;  p ← p − lr · sign(buf)     (Signum)
 * </pre>
 * {@code sign(0) = 0}, as {@code torch.sign}.
 *
 * <p>Defaults: {@code lr=0.01} (MXNet Signum's {@code learning_rate}), {@code momentum=0} (plain signSGD;
 * MXNet Signum defaults to 0.9), {@code weight_decay=0}. The names follow {@code torch.optim.SGD}. Deviation:
 * MXNet's Signum additionally offers a decoupled {@code wd_lh}, which is left out here (chain
 * {@code add_decayed_weights} for it).
 *
 * <p>Without momentum the optimizer is state free: the momentum buffer exists only when {@code momentum}
 * is not the constant 0 (otherwise the state's {@code momentumBuffer} map is empty), so sign_sgd costs no
 * optimizer memory. Reference chain (no momentum): {@code chain(add_decayed_weights(weight_decay),
 * scale_by_sign(), scale_by_learning_rate(lr))}, equal to the fused step bit for bit; Signum is checked
 * against its equations.
 *
 * <pre>{@code
 * SignSgd signum = Optimizers.signSgd().lr(1e-3).momentum(0.9);
 * }</pre>
 */
public final class SignSgd extends FusedOptimizer<SignSgd>
        implements Fluent.Lr<SignSgd>, Fluent.Momentum<SignSgd>, Fluent.WeightDecay<SignSgd> {

    /** Spec: {@code sign_sgd(lr=0.01, momentum=0.0, weight_decay=0.0)}. */
    public static final Descriptor<SignSgd> SPEC = Descriptor
            .builder("sign_sgd", Descriptor.Kind.OPTIMIZER, SignSgd::new)
            .summary("signSGD; Signum (sign of the gradient EMA) with momentum > 0")
            .reference("Bernstein et al., ICML 2018; mxnet.optimizer.Signum")
            .param(Param.scalar("lr", 0.01, "learning rate").range(Range.atLeast(0)))
            .param(Param.scalar("momentum", 0.0, "EMA coefficient; 0 is signSGD").range(Range.closedOpen(0, 1)))
            .param(Param.scalar("weight_decay", 0.0, "coupled L2 coefficient").range(Range.atLeast(0)))
            .build();

    /** State: the step count and, with momentum, the buffer per parameter (else an empty map). */
    public record State(Counter count, TensorMap momentumBuffer) implements Counted {}

    private final boolean stateful;

    /** From validated hyperparameters; use {@code Optimizers.signSgd()}. */
    public SignSgd(Hyperparams hp) {
        super(hp);
        this.stateful = !(hp.schedule("momentum") instanceof ConstantSchedule c && c.value() == 0.0);
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), stateful ? params.zerosLike() : new TensorMap());
    }

    @Override
    protected void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply) {
        run(params, grads, (State) state, apply);
    }

    /**
     * Without momentum: {@code chain(add_decayed_weights(weight_decay), scale_by_sign(),
     * scale_by_learning_rate(lr))}, equal to the fused step bit for bit.
     *
     * @throws UnsupportedOperationException with momentum: Signum's EMA starts at 0, {@code trace}'s buffer
     *     at the first gradient
     */
    @Override
    public GradientTransformation reference() {
        if (stateful) {
            throw new UnsupportedOperationException("sign_sgd: no composed reference with momentum (Signum's EMA "
                    + "starts at 0 while trace starts at the first gradient)");
        }
        return Transforms.chain(Transforms.addDecayedWeights(hp.schedule("weight_decay")), Transforms.scaleBySign(),
                Transforms.scaleByLearningRate(hp.schedule("lr")));
    }

    private void run(TensorMap params, TensorMap grads, State s, boolean apply) {
        long k = s.count().get();
        double negLr = -at("lr", k);
        double mom = at("momentum", k);
        double wd = at("weight_decay", k);
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] g = grads.get(name).data();
            double[] buf = stateful ? s.momentumBuffer().get(name).data() : null;
            Chunks.run(p.length, (from, to) -> {
                for (int j = from; j < to; j++) {
                    double gj = g[j] + wd * p[j];
                    if (buf != null) {
                        double bj = mom * buf[j] + (1 - mom) * gj;
                        buf[j] = bj;
                        gj = bj;
                    }
                    double u = negLr * Math.signum(gj);
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
