package dev.gradus.robust.attack;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Var;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.optimizer.Adam;
import dev.gradus.robust.Classifier;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Arrays;
import java.util.List;

/**
 * The Carlini-Wagner L2 attack (Carlini &amp; Wagner, "Towards Evaluating the Robustness of Neural Networks", IEEE S&amp;P
 * 2017, arXiv:1608.04644), as in the authors' {@code l2_attack.py} ({@code carlini/nn_robust_attacks}). For each
 * example, with the box {@code [lo, hi]} reached through the tanh change of variables,
 *
 * <pre>
 * x'(w) = lo + (hi - lo) (tanh(w) + 1) / 2,      w_0 = atanh(0.999999 (2 (x - lo)/(hi - lo) - 1))
 * minimise  ||x'(w) - x||_2^2 + c * h(x'(w))
 * h = max(Z_y - max_{j != y} Z_j + kappa, 0)      untargeted, y the true label
 * h = max(max_{j != t} Z_j - Z_t + kappa, 0)      targeted at t
 * </pre>
 *
 * with Z the logits, by Adam on w (state reset at every binary-search step). The constant c of each example is found
 * by binary search: after a search step, on success {@code upper = min(upper, c)}, else {@code lower = max(lower, c)};
 * then {@code c = (lower + upper) / 2} if {@code upper < 1e9}, else {@code c *= 10}. Success means that the logits with
 * {@code kappa} added to the true class (subtracted from the target) no longer pick it (pick the target). Each
 * iteration keeps the smallest-L2 successful point of each example. Early abort: every {@code maxIterations / 10}
 * iterations the search step stops when the total loss exceeds 0.9999 times its value at the previous check.
 *
 * <p>Defaults are the reference code's: {@code binary_search_steps = 9}, {@code max_iterations = 10000},
 * {@code learning_rate = 1e-2}, {@code confidence (kappa) = 0}, {@code initial_const = 1e-3}, early abort on; here
 * untargeted, box {@code [0, 1]}. Many ports use 1000 iterations; choose with {@link #maxIterations}. Deviation: the
 * reference repeats the last search step at the upper bound when {@code binary_search_steps >= 10}; this does not.
 *
 * <pre>{@code
 * CwResult r = CarliniWagnerL2.defaults().binarySearchSteps(5).maxIterations(200).attack(f, x, labels);
 * double success = r.successRate(), medianL2 = r.medianL2();
 * }</pre>
 */
public final class CarliniWagnerL2 {
    private static final double BIG = 1e10;

    private int binarySearchSteps = 9;
    private int maxIterations = 10000;
    private double learningRate = 1e-2;
    private double confidence = 0;
    private double initialConst = 1e-3;
    private boolean abortEarly = true;
    private double lo = 0;
    private double hi = 1;

    private CarliniWagnerL2() {}

    /** The attack with the reference code's defaults (untargeted, box [0, 1]). */
    public static CarliniWagnerL2 defaults() {
        return new CarliniWagnerL2();
    }

    /** Binary-search steps over c (default 9). */
    public CarliniWagnerL2 binarySearchSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("CarliniWagnerL2: binary_search_steps must be >= 1, got " + steps);
        }
        this.binarySearchSteps = steps;
        return this;
    }

    /** Adam iterations per binary-search step (default 10000). */
    public CarliniWagnerL2 maxIterations(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("CarliniWagnerL2: max_iterations must be >= 1, got " + iterations);
        }
        this.maxIterations = iterations;
        return this;
    }

    /** Adam's learning rate (default 1e-2). */
    public CarliniWagnerL2 learningRate(double lr) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("CarliniWagnerL2: learning_rate must be > 0, got " + lr);
        }
        this.learningRate = lr;
        return this;
    }

    /** The margin kappa (default 0). */
    public CarliniWagnerL2 confidence(double kappa) {
        if (!(kappa >= 0)) {
            throw new IllegalArgumentException("CarliniWagnerL2: confidence must be >= 0, got " + kappa);
        }
        this.confidence = kappa;
        return this;
    }

    /** The first constant c (default 1e-3). */
    public CarliniWagnerL2 initialConst(double c) {
        if (!(c > 0)) {
            throw new IllegalArgumentException("CarliniWagnerL2: initial_const must be > 0, got " + c);
        }
        this.initialConst = c;
        return this;
    }

    /** Early abort of a search step whose loss stalls (default on). */
    public CarliniWagnerL2 abortEarly(boolean on) {
        this.abortEarly = on;
        return this;
    }

    /** The input box (default [0, 1]). */
    public CarliniWagnerL2 box(double lo, double hi) {
        if (!(lo < hi)) {
            throw new IllegalArgumentException("CarliniWagnerL2: box needs lo < hi, got [" + lo + ", " + hi + "]");
        }
        this.lo = lo;
        this.hi = hi;
        return this;
    }

    /** Untargeted attack: adversarial examples that leave the true {@code labels}. */
    public CwResult attack(Classifier f, Tensor x, int[] labels) {
        return run(f, x, labels, false);
    }

    /** Targeted attack: adversarial examples classified as {@code targets}. */
    public CwResult attackTargeted(Classifier f, Tensor x, int[] targets) {
        return run(f, x, targets, true);
    }

    /**
     * The per-example objective {@code ||x'(w) - x||^2 + c_i h_i(x'(w))} as a differentiable {@code [N]} var, with
     * {@code labels} the true classes (untargeted) or the targets ({@code targeted}).
     */
    public Var objective(Classifier f, Var w, Tensor x, int[] labels, double[] c, boolean targeted) {
        int n = x.dim(0);
        Var xPrime = image(w);
        Var l2 = xPrime.sub(x).square().reshape(n, -1).sum(1, false);
        Var z = f.logits(xPrime);
        int classes = z.dim(1);
        Tensor oneHot = Tensor.zeros(n, classes);
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("CarliniWagnerL2: label " + labels[i] + " at row " + i
                        + " is out of range for " + classes + " classes");
            }
            oneHot.data()[i * classes + labels[i]] = 1;
        }
        Var real = z.mul(oneHot).sum(1, false);
        // the reference's max((1 - t) Z - 10000 t): the largest other logit
        Var other = z.mul(oneHot.rsub(1)).sub(oneHot.mul(10000)).max(1, false);
        Var margin = targeted ? other.sub(real) : real.sub(other);
        Var h = margin.add(confidence).relu();
        return l2.add(h.mul(Tensor.of(c.clone(), n)));
    }

    /** {@code x'(w) = lo + (hi - lo) (tanh(w) + 1) / 2}. */
    public Var image(Var w) {
        return w.tanh().add(1).mul(0.5 * (hi - lo)).add(lo);
    }

    /** {@code w} with {@code x'(w)} at {@code x} (shrunk by 0.999999 so the atanh stays finite, as the reference). */
    public Tensor initialW(Tensor x) {
        double[] d = x.data();
        double[] w = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            double u = 2 * (d[i] - lo) / (hi - lo) - 1;
            if (u < -1 || u > 1) {
                throw new IllegalArgumentException("CarliniWagnerL2: input " + d[i] + " at flat index " + i
                        + " is outside the box [" + lo + ", " + hi + "]");
            }
            u *= 0.999999;
            w[i] = 0.5 * Math.log((1 + u) / (1 - u));
        }
        return Tensor.of(w, x.shape());
    }

    private CwResult run(Classifier f, Tensor x, int[] labels, boolean targeted) {
        int n = x.dim(0);
        if (labels.length != n) {
            throw new IllegalArgumentException("CarliniWagnerL2: " + labels.length + " labels for inputs "
                    + Arrays.toString(x.shape()));
        }
        int width = n == 0 ? 0 : x.size() / n;
        double[] lower = new double[n];
        double[] upper = new double[n];
        double[] c = new double[n];
        Arrays.fill(upper, BIG);
        Arrays.fill(c, initialConst);
        double[] bestL2 = new double[n];
        Arrays.fill(bestL2, BIG);
        double[] best = x.data().clone();
        boolean[] success = new boolean[n];
        int evaluations = 0;
        Adam adam = Optimizers.adam().lr(learningRate);
        Tensor w0 = initialW(x);
        for (int step = 0; step < binarySearchSteps; step++) {
            Tensor w = w0.copy();
            TensorMap params = TensorMap.of("w", w);
            OptState state = adam.init(params);
            double[] stepBest = new double[n];
            Arrays.fill(stepBest, BIG);
            boolean[] stepSuccess = new boolean[n];
            double prev = Double.POSITIVE_INFINITY;
            for (int it = 0; it < maxIterations; it++) {
                Var wv = Var.leaf(w, true);
                Var perExample = objective(f, wv, x, labels, c, targeted);
                Var total = perExample.sum();
                Tensor g = Autodiff.grad(total, List.of(wv)).get(0);
                evaluations++;
                // the loss and the point are those before this update, as in the reference's session run
                record(f, image(Var.constant(w)).value(), x, labels, targeted, width, stepBest, stepSuccess, bestL2,
                        best, success);
                double loss = total.item();
                if (abortEarly && maxIterations >= 10 && it % (maxIterations / 10) == 0) {
                    if (loss > prev * 0.9999) {
                        break;
                    }
                    prev = loss;
                }
                adam.step(params, TensorMap.of("w", g), state);
            }
            for (int i = 0; i < n; i++) {
                if (stepSuccess[i]) {
                    upper[i] = Math.min(upper[i], c[i]);
                    if (upper[i] < 1e9) {
                        c[i] = (lower[i] + upper[i]) / 2;
                    }
                } else {
                    lower[i] = Math.max(lower[i], c[i]);
                    c[i] = upper[i] < 1e9 ? (lower[i] + upper[i]) / 2 : c[i] * 10;
                }
            }
        }
        double[] l2 = new double[n];
        for (int i = 0; i < n; i++) {
            l2[i] = success[i] ? Math.sqrt(bestL2[i]) : Double.NaN;
        }
        return new CwResult(Tensor.of(best, x.shape()), success, l2, c, evaluations);
    }

    private void record(Classifier f, Tensor xPrime, Tensor x, int[] labels, boolean targeted, int width,
            double[] stepBest, boolean[] stepSuccess, double[] bestL2, double[] best, boolean[] success) {
        Tensor z;
        try (var scope = Autodiff.noGrad()) {
            z = f.logits(Var.constant(xPrime)).value();
        }
        int classes = z.dim(1);
        double[] zd = z.data();
        double[] xp = xPrime.data();
        double[] x0 = x.data();
        for (int i = 0; i < labels.length; i++) {
            int arg = -1;
            double top = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                double v = zd[i * classes + j];
                if (j == labels[i]) {
                    v += targeted ? -confidence : confidence;
                }
                if (v > top) {
                    top = v;
                    arg = j;
                }
            }
            boolean ok = targeted ? arg == labels[i] : arg != labels[i];
            if (!ok) {
                continue;
            }
            double d2 = 0;
            for (int j = i * width; j < (i + 1) * width; j++) {
                double d = xp[j] - x0[j];
                d2 += d * d;
            }
            stepSuccess[i] = true;
            stepBest[i] = Math.min(stepBest[i], d2);
            if (d2 < bestL2[i]) {
                bestL2[i] = d2;
                success[i] = true;
                System.arraycopy(xp, i * width, best, i * width, width);
            }
        }
    }
}
