package dev.gradus.robust.attack;

import dev.gradus.robust.Classifier;
import dev.gradus.robust.InputGradients;
import dev.gradus.robust.SoftmaxPrecision;
import dev.gradus.robust.projection.BallProjection;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * Projected gradient descent on the loss, the attack of Madry, Makelov, Schmidt, Tsipras &amp; Vladu, "Towards Deep
 * Learning Models Resistant to Adversarial Attacks", ICLR 2018 (arXiv:1706.06083), in the L-infinity and L2 norms:
 *
 * <pre>
 * x_0     = x + delta_0,  delta_0 ~ U[-eps, eps]^D (L-infinity) or uniform in the L2 ball (random start), else x
 * L-inf:  x_{k+1} = Pi( x_k + alpha * sign(g_k) )
 * L2:     x_{k+1} = Pi( x_k + alpha * g_k / ||g_k||_2 )         (per example)
 * Pi      = clip to [lo, hi] after the projection onto the ball B_p(x, eps) of each example
 * </pre>
 *
 * with {@code g_k = grad_x L(f(x_k), y)} of the mean cross-entropy. For L-infinity, clipping after the box projection
 * is the exact projection onto the intersection; for L2 it is the usual approximation. Defaults: random start on,
 * box {@code [0, 1]}, float64 softmax. Conventions (CIFAR-10): eps = 8/255, alpha = 2/255, 7-10 steps to train and
 * at least 20 to evaluate, or alpha = 2.5 eps / steps.
 *
 * <pre>{@code
 * Pgd pgd = Pgd.linf(0.1, 0.025, 10);
 * Tensor adv = pgd.perturb(Classifier.of(model), x, labels, RandomStream.of(1));
 * }</pre>
 */
public final class Pgd implements Attack {
    private final BallProjection norm;
    private final double epsilon;
    private final double alpha;
    private final int steps;
    private final boolean randomStart;
    private final double lo;
    private final double hi;

    private Pgd(BallProjection norm, double epsilon, double alpha, int steps, boolean randomStart, double lo, double hi) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon) || !(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("Pgd: need epsilon >= 0 and alpha > 0, both finite; got epsilon=" + epsilon
                    + ", alpha=" + alpha);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("Pgd: steps must be >= 1, got " + steps);
        }
        if (!(lo < hi)) {
            throw new IllegalArgumentException("Pgd: box needs lo < hi, got [" + lo + ", " + hi + "]");
        }
        this.norm = norm;
        this.epsilon = epsilon;
        this.alpha = alpha;
        this.steps = steps;
        this.randomStart = randomStart;
        this.lo = lo;
        this.hi = hi;
    }

    /** L-infinity PGD with random start in the box {@code [0, 1]}. */
    public static Pgd linf(double epsilon, double alpha, int steps) {
        return new Pgd(BallProjection.LINF, epsilon, alpha, steps, true, 0, 1);
    }

    /** L2 PGD with random start in the box {@code [0, 1]}. */
    public static Pgd l2(double epsilon, double alpha, int steps) {
        return new Pgd(BallProjection.L2, epsilon, alpha, steps, true, 0, 1);
    }

    /** The same attack with the random start on or off. */
    public Pgd randomStart(boolean on) {
        return new Pgd(norm, epsilon, alpha, steps, on, lo, hi);
    }

    /** The same attack in the box {@code [lo, hi]}. */
    public Pgd box(double lo, double hi) {
        return new Pgd(norm, epsilon, alpha, steps, randomStart, lo, hi);
    }

    /** The budget. */
    public double epsilon() {
        return epsilon;
    }

    @Override
    public int gradientEvaluations() {
        return steps;
    }

    @Override
    public Tensor perturb(Classifier f, Tensor x, int[] labels, RandomStream rng) {
        int n = x.dim(0);
        int width = n == 0 ? 0 : x.size() / n;
        double[] x0 = x.data();
        double[] cur = x0.clone();
        if (randomStart) {
            if (rng == null) {
                throw new IllegalArgumentException("Pgd: a random start needs a random stream, got null");
            }
            randomStart(cur, n, width, rng);
        }
        for (int k = 0; k < steps; k++) {
            Tensor xk = Tensor.of(cur, x.shape());
            double[] g = InputGradients.crossEntropy(f, xk, labels, SoftmaxPrecision.FLOAT64).gradient().data();
            cur = cur.clone();
            for (int i = 0; i < n; i++) {
                int from = i * width;
                if (norm == BallProjection.LINF) {
                    for (int j = from; j < from + width; j++) {
                        cur[j] += alpha * Math.signum(g[j]);
                    }
                } else {
                    double s = 0;
                    for (int j = from; j < from + width; j++) {
                        s += g[j] * g[j];
                    }
                    double scale = s > 0 ? alpha / Math.sqrt(s) : 0;
                    for (int j = from; j < from + width; j++) {
                        cur[j] += scale * g[j];
                    }
                }
                norm.project(cur, x0, epsilon, from, width);
                clip(cur, from, width);
            }
        }
        return Tensor.of(cur, x.shape());
    }

    private void randomStart(double[] cur, int n, int width, RandomStream rng) {
        double[] x0 = cur.clone();
        for (int i = 0; i < n; i++) {
            int from = i * width;
            if (norm == BallProjection.LINF) {
                for (int j = from; j < from + width; j++) {
                    cur[j] += rng.uniform(-epsilon, epsilon);
                }
            } else {
                // uniform in the ball: a Gaussian direction, radius eps * U^(1/D)
                double s = 0;
                double[] d = new double[width];
                for (int j = 0; j < width; j++) {
                    d[j] = rng.normal();
                    s += d[j] * d[j];
                }
                double r = epsilon * Math.pow(rng.uniform(), 1.0 / width) / Math.sqrt(s);
                for (int j = 0; j < width; j++) {
                    cur[from + j] += r * d[j];
                }
            }
            norm.project(cur, x0, epsilon, from, width);
            clip(cur, from, width);
        }
    }

    private void clip(double[] v, int from, int width) {
        for (int j = from; j < from + width; j++) {
            v[j] = v[j] < lo ? lo : v[j] > hi ? hi : v[j];
        }
    }

    @Override
    public String toString() {
        return "pgd(norm=" + norm + ", epsilon=" + epsilon + ", alpha=" + alpha + ", steps=" + steps + ", random_start="
                + randomStart + ")";
    }
}
