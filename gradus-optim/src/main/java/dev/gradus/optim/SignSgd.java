package dev.gradus.optim;

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
 * optimizer memory. Equal to the composition {@code chain(scale_by_sign(), scale(−lr))} (no momentum).
 */
public final class SignSgd implements GradientTransformation {

    /** State: the step count and, with momentum, the buffer per parameter (else an empty map). */
    public record State(Counter count, TensorMap momentumBuffer) implements OptState {}

    private final Schedule lr;
    private final Schedule momentum;
    private final boolean stateful;
    private final Schedule weightDecay;

    /** signSGD with the defaults. */
    public SignSgd() {
        this(Schedule.constant(0.01), Schedule.constant(0.0), false, Schedule.constant(0.0));
    }

    private SignSgd(Schedule lr, Schedule momentum, boolean stateful, Schedule weightDecay) {
        this.lr = lr;
        this.momentum = momentum;
        this.stateful = stateful;
        this.weightDecay = weightDecay;
    }

    /** Learning rate {@code lr} (default 0.01). */
    public SignSgd lr(double value) {
        return lr(PaperHyper.constant("sign_sgd", "lr", value, 0, Double.POSITIVE_INFINITY));
    }

    /** Learning rate {@code lr} as a schedule of the step. */
    public SignSgd lr(Schedule value) {
        return new SignSgd(value, momentum, stateful, weightDecay);
    }

    /** {@code momentum} in [0, 1) (default 0): above 0 this is Signum. */
    public SignSgd momentum(double value) {
        PaperHyper.check("sign_sgd", "momentum", value, 0, PaperHyper.BELOW_ONE);
        return new SignSgd(lr, Schedule.constant(value), value != 0.0, weightDecay);
    }

    /** {@code momentum} as a schedule (the state then always holds a buffer). */
    public SignSgd momentum(Schedule value) {
        return new SignSgd(lr, value, true, weightDecay);
    }

    /** Coupled L2 {@code weight_decay} (default 0). */
    public SignSgd weightDecay(double value) {
        return weightDecay(PaperHyper.constant("sign_sgd", "weight_decay", value, 0, Double.POSITIVE_INFINITY));
    }

    /** {@code weight_decay} as a schedule. */
    public SignSgd weightDecay(Schedule value) {
        return new SignSgd(lr, momentum, stateful, value);
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), stateful ? params.zerosLike() : new TensorMap());
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
        double wd = weightDecay.at(k);
        s.count().increment();
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] g = grads.get(name).data();
            double[] buf = stateful ? s.momentumBuffer().get(name).data() : null;
            for (int j = 0; j < p.length; j++) {
                double gj = wd != 0 ? g[j] + wd * p[j] : g[j];
                if (buf != null) {
                    double bj = mom * buf[j] + (1 - mom) * gj;
                    buf[j] = bj;
                    gj = bj;
                }
                double u = -lrK * Math.signum(gj);
                if (apply) {
                    p[j] += u;
                } else {
                    g[j] = u;
                }
            }
        }
    }
}
