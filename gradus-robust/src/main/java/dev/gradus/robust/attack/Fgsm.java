package dev.gradus.robust.attack;

import dev.gradus.robust.Classifier;
import dev.gradus.robust.InputGradients;
import dev.gradus.robust.SoftmaxPrecision;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * The fast gradient sign method (Goodfellow, Shlens &amp; Szegedy, "Explaining and Harnessing Adversarial Examples",
 * ICLR 2015, arXiv:1412.6572):
 *
 * <pre>
 * x' = clip_[lo, hi]( x + epsilon * sign(grad_x L(f(x), y)) )
 * </pre>
 *
 * with L the mean cross-entropy. {@code sign(0) = 0}, so an input whose gradient underflows to exactly zero is left
 * unchanged: that is how gradient masking stops FGSM. Defaults: box {@code [0, 1]}, float64 softmax.
 *
 * <pre>{@code
 * Tensor adv = new Fgsm(0.1).perturb(Classifier.of(model), x, labels, null);
 * }</pre>
 */
public final class Fgsm implements Attack {
    private final double epsilon;
    private final double lo;
    private final double hi;
    private final SoftmaxPrecision precision;

    /** FGSM with budget {@code epsilon} in the box {@code [0, 1]}, float64 softmax. */
    public Fgsm(double epsilon) {
        this(epsilon, 0, 1, SoftmaxPrecision.FLOAT64);
    }

    /** FGSM with budget {@code epsilon} in the box {@code [lo, hi]} with the given softmax precision. */
    public Fgsm(double epsilon, double lo, double hi, SoftmaxPrecision precision) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("Fgsm: epsilon must be >= 0 and finite, got " + epsilon);
        }
        if (!(lo < hi)) {
            throw new IllegalArgumentException("Fgsm: box needs lo < hi, got [" + lo + ", " + hi + "]");
        }
        this.epsilon = epsilon;
        this.lo = lo;
        this.hi = hi;
        this.precision = precision;
    }

    /** The budget. */
    public double epsilon() {
        return epsilon;
    }

    @Override
    public Tensor perturb(Classifier f, Tensor x, int[] labels, RandomStream rng) {
        Tensor g = InputGradients.crossEntropy(f, x, labels, precision).gradient();
        double[] gd = g.data();
        double[] xd = x.data();
        double[] out = new double[xd.length];
        for (int i = 0; i < xd.length; i++) {
            double v = xd[i] + epsilon * Math.signum(gd[i]);
            out[i] = v < lo ? lo : v > hi ? hi : v;
        }
        return Tensor.of(out, x.shape());
    }

    @Override
    public int gradientEvaluations() {
        return 1;
    }

    @Override
    public String toString() {
        return "fgsm(epsilon=" + epsilon + ")";
    }
}
