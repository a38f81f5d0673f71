package dev.gradus.optim;

import dev.gradus.tensor.TensorMap;

/**
 * diffGrad: Adam with a per-coordinate friction on the first moment that depends on how fast the
 * gradient changes.
 *
 * <p>Reference: S. R. Dubey, S. Chakraborty, S. K. Roy, S. Mukherjee, S. K. Singh, B. B. Chaudhuri,
 * "diffGrad: An Optimization Method for Convolutional Neural Networks", IEEE TNNLS 2020. Official code,
 * followed line by line: {@code shivram1987/diffGrad diffGrad_v2.py}.
 *
 * <p>Per parameter tensor {@code p} with gradient {@code g}, at step {@code t = 1, 2, ...}:
 * <pre>
 *   g ← g + weight_decay · p                                   (coupled L2, when weight_decay ≠ 0)
 *   m ← β1 m + (1 − β1) g ;   v ← β2 v + (1 − β2) g²
 *   ξ = 1 / (1 + exp(−|g_prev − g|))                           ∈ [0.5, 1)
 *   g_prev ← g                                                  (a copy; starts at 0, so ξ₁ = sigmoid(|g₁|))
 *   p ← p − lr · √(1 − β2ᵗ)/(1 − β1ᵗ) · ξ ⊙ m / (√v + eps)
 * </pre>
 * eps is added to √v, not to the bias-corrected root (the bias correction is folded into the step size).
 *
 * <p>Defaults (reference names): {@code lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0}.
 *
 * <p>Code versus paper: {@code diffGrad.py} (v1, "used in paper") stores {@code previous_grad = grad}
 * by reference; when the gradient buffer is reused in place the difference is always 0, ξ ≡ 0.5 and
 * diffGrad silently becomes Adam at half the learning rate. This class implements v2, which stores a copy.
 * As in v2, the stored previous gradient is the one after the L2 term was added. The exponential uses
 * {@link StrictMath} so that results are the same bits on every platform.
 */
public final class DiffGrad implements GradientTransformation {

    /** diffGrad state: step count, {@code exp_avg}, {@code exp_avg_sq} and {@code previous_grad}. */
    public record State(Counter count, TensorMap expAvg, TensorMap expAvgSq, TensorMap previousGrad)
            implements OptState {}

    private final Schedule lr;
    private final Schedule beta1;
    private final Schedule beta2;
    private final Schedule eps;
    private final Schedule weightDecay;

    /** diffGrad with the reference defaults. */
    public DiffGrad() {
        this(Schedule.constant(1e-3), Schedule.constant(0.9), Schedule.constant(0.999), Schedule.constant(1e-8),
                Schedule.constant(0.0));
    }

    private DiffGrad(Schedule lr, Schedule beta1, Schedule beta2, Schedule eps, Schedule weightDecay) {
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** Learning rate {@code lr} (default 1e-3). */
    public DiffGrad lr(double value) {
        return lr(PaperHyper.constant("diffgrad", "lr", value, 0, Double.POSITIVE_INFINITY));
    }

    /** Learning rate {@code lr} as a schedule of the step. */
    public DiffGrad lr(Schedule value) {
        return new DiffGrad(value, beta1, beta2, eps, weightDecay);
    }

    /** {@code betas=(b1, b2)} (default (0.9, 0.999)), each in [0, 1). */
    public DiffGrad betas(double b1, double b2) {
        return betas(PaperHyper.constant("diffgrad", "betas[0]", b1, 0, PaperHyper.BELOW_ONE),
                PaperHyper.constant("diffgrad", "betas[1]", b2, 0, PaperHyper.BELOW_ONE));
    }

    /** {@code betas} as schedules. */
    public DiffGrad betas(Schedule b1, Schedule b2) {
        return new DiffGrad(lr, b1, b2, eps, weightDecay);
    }

    /** {@code eps} (default 1e-8). */
    public DiffGrad eps(double value) {
        return eps(PaperHyper.constant("diffgrad", "eps", value, 0, Double.POSITIVE_INFINITY));
    }

    /** {@code eps} as a schedule. */
    public DiffGrad eps(Schedule value) {
        return new DiffGrad(lr, beta1, beta2, value, weightDecay);
    }

    /** Coupled L2 {@code weight_decay} (default 0). */
    public DiffGrad weightDecay(double value) {
        return weightDecay(PaperHyper.constant("diffgrad", "weight_decay", value, 0, Double.POSITIVE_INFINITY));
    }

    /** {@code weight_decay} as a schedule. */
    public DiffGrad weightDecay(Schedule value) {
        return new DiffGrad(lr, beta1, beta2, eps, value);
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.zerosLike(), params.zerosLike(), params.zerosLike());
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
        long t = s.count().increment();
        double stepSize = lrK * Math.sqrt(1.0 - StrictMath.pow(b2, t)) / (1.0 - StrictMath.pow(b1, t));
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] g = grads.get(name).data();
            double[] m = s.expAvg().get(name).data();
            double[] v = s.expAvgSq().get(name).data();
            double[] prev = s.previousGrad().get(name).data();
            for (int j = 0; j < p.length; j++) {
                double gj = wd != 0 ? g[j] + wd * p[j] : g[j];
                double mj = b1 * m[j] + (1 - b1) * gj;
                double vj = b2 * v[j] + (1 - b2) * gj * gj;
                m[j] = mj;
                v[j] = vj;
                double friction = 1.0 / (1.0 + StrictMath.exp(-Math.abs(prev[j] - gj)));
                prev[j] = gj;
                double u = -stepSize * (mj * friction) / (Math.sqrt(vj) + epsK);
                if (apply) {
                    p[j] += u;
                } else {
                    g[j] = u;
                }
            }
        }
    }
}
