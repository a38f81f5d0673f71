package dev.gradus.lab.experiments;

import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.optimizer.NormalizedGd;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Arrays;

/**
 * Logistic regression by gradient descent with large steps, and its perceptron limits, as in Tyurin, "From
 * Logistic Regression to the Perceptron Algorithm: Exploring Gradient Descent with Large Step Sizes" (AAAI 2025);
 * spec 01-optimizers.md section 5.
 *
 * <pre>
 * f(theta) = (1/n) sum_i log(1 + exp(-y_i a_i . theta)),   grad f = -(1/n) sum_i sigma_i y_i a_i,
 * sigma_i = 1 / (1 + exp(y_i a_i . theta))
 * LR+GD:                   theta_{t+1} = theta_t - gamma grad f(theta_t)
 * Normalized LR+GD:        theta_{t+1} = theta_t - gamma beta_t grad f(theta_t),  beta_t = ((1/n) sum_i sigma_i)^{-1}
 * Batch perceptron:        theta_1 = (1/2n) sum_i y_i a_i;  theta_{t+1} = theta_t + (1/n) sum_{i in S_t} y_i a_i
 * Normalized perceptron:   the same first step, then theta_{t+1} = theta_t + (1/|S_t|) sum_{i in S_t} y_i a_i
 *                          S_t = {i : y_i a_i . theta_t <= 0}
 * </pre>
 *
 * <p>All start at theta_0 = 0. The iteration count is the first t at which every margin y_i a_i . theta_t is
 * strictly positive. sigma_i and the loss are computed stably (losses reach hundreds at large gamma).
 *
 * <p>LR+GD and the perceptrons are written out as the paper writes them. Normalized LR+GD is the optimizer
 * library's {@link NormalizedGd} ({@code normalized_gd}), given the gradient of f computed here, so this
 * experiment is also that optimizer's regression test against the paper's Table 1.
 */
final class LargeStepLogistic {
    private LargeStepLogistic() {}

    /** A method of the paper. */
    enum Method { LR_GD, NORMALIZED_LR_GD, BATCH_PERCEPTRON, NORMALIZED_BATCH_PERCEPTRON }

    /**
     * One run.
     *
     * @param iterations the first t with all margins > 0, or -1 when {@code maxIterations} passed first
     * @param loss the logistic loss at t = 0, 1, ..., up to and including the stopping iteration
     * @param accuracy the fraction of strictly positive margins at the same iterations
     * @param thetas the iterates theta_0, theta_1, ... when they were asked for, else null
     */
    record Run(int iterations, double[] loss, double[] accuracy, double[][] thetas) {}

    /**
     * Runs a method from theta_0 = 0 until the data are separated or {@code maxIterations} steps are done; with
     * {@code keepGoing} it runs all {@code maxIterations} steps even after separating (to compare iterates).
     */
    static Run run(SeparableData data, Method method, double gamma, int maxIterations, boolean keepGoing,
                   boolean keepThetas) {
        int n = data.n;
        int d = data.d;
        double[] theta = new double[d];
        double[] margins = new double[n];
        double[] weights = new double[n];
        double[] step = new double[d];
        double[] loss = new double[maxIterations + 1];
        double[] accuracy = new double[maxIterations + 1];
        double[][] thetas = keepThetas ? new double[maxIterations + 1][] : null;
        // Normalized LR+GD steps through the library optimizer, on views that share theta's and the gradient's arrays.
        double[] gradient = new double[d];
        TensorMap params = TensorMap.of("theta", Tensor.of(theta, d));
        TensorMap grads = TensorMap.of("theta", Tensor.of(gradient, d));
        NormalizedGd normalized = method == Method.NORMALIZED_LR_GD
                ? Optimizers.normalizedGd(gamma).meanWeight(NormalizedGd.logistic(Tensor.of(data.a, n, d),
                        data.y, "theta"))
                : null;
        OptState state = normalized == null ? null : normalized.init(params);
        int separatedAt = -1;
        int t = 0;
        for (; ; t++) {
            data.margins(theta, margins);
            double l = 0;
            int correct = 0;
            for (int i = 0; i < n; i++) {
                l += softplus(-margins[i]);
                if (margins[i] > 0) {
                    correct++;
                }
            }
            loss[t] = l / n;
            accuracy[t] = correct / (double) n;
            if (keepThetas) {
                thetas[t] = theta.clone();
            }
            if (correct == n && separatedAt < 0) {
                separatedAt = t;
                if (!keepGoing) {
                    break;
                }
            }
            if (t == maxIterations) {
                break;
            }
            double scale = stepWeights(method, margins, weights, gamma, t);
            if (normalized != null) {
                // grad f = -(1/n) sum_i sigma_i y_i a_i; the optimizer applies -gamma beta_t grad f.
                Arrays.fill(gradient, 0);
                for (int i = 0; i < n; i++) {
                    double w = -weights[i] * data.y[i] / n;
                    int row = i * d;
                    for (int j = 0; j < d; j++) {
                        gradient[j] += w * data.a[row + j];
                    }
                }
                normalized.step(params, grads, state);
                continue;
            }
            Arrays.fill(step, 0);
            for (int i = 0; i < n; i++) {
                double w = weights[i] * data.y[i];
                if (w != 0) {
                    int row = i * d;
                    for (int j = 0; j < d; j++) {
                        step[j] += w * data.a[row + j];
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                theta[j] += scale * step[j];
            }
        }
        int kept = t + 1;
        return new Run(separatedAt, Arrays.copyOf(loss, kept), Arrays.copyOf(accuracy, kept),
                keepThetas ? Arrays.copyOf(thetas, kept) : null);
    }

    /**
     * Fills the per-example weights w_i and returns the scale s such that theta_{t+1} = theta_t + s sum_i w_i y_i a_i.
     */
    private static double stepWeights(Method method, double[] margins, double[] w, double gamma, int t) {
        int n = margins.length;
        switch (method) {
            case LR_GD, NORMALIZED_LR_GD -> {
                for (int i = 0; i < n; i++) {
                    w[i] = sigmoidWeight(margins[i]);
                }
                // -gamma grad f = (gamma / n) sum sigma_i y_i a_i (Normalized LR+GD's beta_t is the optimizer's).
                return gamma / n;
            }
            default -> {
                if (t == 0) {
                    // theta_1 = (1/2n) sum_i y_i a_i: the gamma -> infinity limit at theta_0 = 0, where every sigma_i = 1/2.
                    Arrays.fill(w, 1);
                    return 0.5 / n;
                }
                int wrong = 0;
                for (int i = 0; i < n; i++) {
                    w[i] = margins[i] <= 0 ? 1 : 0;
                    wrong += (int) w[i];
                }
                return method == Method.BATCH_PERCEPTRON ? 1.0 / n : 1.0 / Math.max(1, wrong);
            }
        }
    }

    /** sigma = 1 / (1 + exp(z)) for margin z, without overflow. */
    static double sigmoidWeight(double z) {
        if (z >= 0) {
            double e = Math.exp(-z);
            return e / (1 + e);
        }
        return 1 / (1 + Math.exp(z));
    }

    /** log(1 + exp(x)) without overflow. */
    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }
}
