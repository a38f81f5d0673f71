package dev.gradus.train.boost;

import dev.gradus.autodiff.FusedActivation;
import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Linear;
import dev.gradus.nn.Sequential;
import dev.gradus.nn.Tanh;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;

/**
 * Gradient-boosted sequential training of a one-hidden-layer tanh network (GBNN; Emami and Martínez-Muñoz,
 * "Sequential Training of Neural Networks with Gradient Boosting", 2023, arXiv:2301.12227), for the squared
 * error:
 * <pre>
 *   F_0 = mean(y)                                      (the loss-minimising constant, per output)
 *   for t = 1..T:
 *       r   = y - F_{t-1}(x)                           (pseudo-residuals of the squared error)
 *       h_t = argmin_h mean ||r - h(x)||^2,  h(x) = V_t tanh(W_t x + b_t)   (J new units, no output bias)
 *       F_t = F_{t-1} + nu h_t                         (shrinkage nu)
 * </pre>
 * then the stages are merged into one network of {@code T J} hidden units with output weights {@code nu V_t}
 * ({@link BoostedNetwork}). Each stage is fitted by {@code epochsPerStage} full-batch steps of the optimizer
 * from a fresh state and PyTorch's default initialisation; the earlier units stay fixed.
 *
 * <p>Defaults follow the digest's check of the paper's regression setting: {@code T = 100} stages of
 * {@code J = 2} units, {@code nu = 0.3}, Adam (lr 0.01) for 300 full-batch epochs per stage.
 *
 * <pre>{@code
 * BoostedNetwork net = new GradientBoosting().stages(100).unitsPerStage(2).shrinkage(0.3)
 *         .fit(x, y, RandomStream.of(0));           // x [n, d], y [n, outputs]
 * Tensor all = net.predict(xTest);
 * Tensor first150 = net.predict(xTest, 150);        // the last 50 units switched off
 * }</pre>
 */
public final class GradientBoosting {

    /** Told after each stage: {@code stage} from 1 to {@code stages}, and the training MSE after it. */
    @FunctionalInterface
    public interface StageListener {
        /** Stage {@code stage} of {@code stages} is merged; the training mean squared error is {@code trainLoss}. */
        void stageEnd(int stage, int stages, double trainLoss);
    }

    private int stages = 100;
    private int unitsPerStage = 2;
    private double shrinkage = 0.3;
    private int epochsPerStage = 300;
    private GradientTransformation optimizer = Optimizers.adam().lr(0.01);
    private StageListener listener = (s, n, l) -> {};

    /** The number of boosting stages {@code T} (default 100). */
    public GradientBoosting stages(int stages) {
        if (stages < 1) {
            throw new IllegalArgumentException("GradientBoosting: stages must be at least 1, got " + stages);
        }
        this.stages = stages;
        return this;
    }

    /** The hidden units {@code J} fitted per stage (default 2). */
    public GradientBoosting unitsPerStage(int units) {
        if (units < 1) {
            throw new IllegalArgumentException("GradientBoosting: unitsPerStage must be at least 1, got " + units);
        }
        this.unitsPerStage = units;
        return this;
    }

    /** The shrinkage {@code nu} in (0, 1] (default 0.3). */
    public GradientBoosting shrinkage(double nu) {
        if (!(nu > 0 && nu <= 1)) {
            throw new IllegalArgumentException("GradientBoosting: shrinkage must be in (0, 1], got " + nu);
        }
        this.shrinkage = nu;
        return this;
    }

    /** The full-batch optimizer steps per stage (default 300). */
    public GradientBoosting epochsPerStage(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("GradientBoosting: epochsPerStage must be at least 1, got " + epochs);
        }
        this.epochsPerStage = epochs;
        return this;
    }

    /** The optimizer that fits each stage, from a fresh state (default Adam, lr 0.01). */
    public GradientBoosting optimizer(GradientTransformation optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("GradientBoosting: optimizer must not be null");
        }
        this.optimizer = optimizer;
        return this;
    }

    /** A listener told after each stage (for progress). */
    public GradientBoosting onStage(StageListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("GradientBoosting: listener must not be null");
        }
        this.listener = listener;
        return this;
    }

    /** The total full-batch epochs of a fit: stages times epochs per stage (for matched-budget comparisons). */
    public long totalEpochs() {
        return (long) stages * epochsPerStage;
    }

    /**
     * Fits the network to inputs {@code x [n, d]} and targets {@code y [n]} or {@code [n, outputs]}, the new
     * units of each stage initialised from {@code rng}.
     */
    public BoostedNetwork fit(Tensor x, Tensor y, RandomStream rng) {
        int[] xs = x.shape();
        int[] ys = y.shape();
        if (xs.length != 2 || xs[0] == 0) {
            throw new IllegalArgumentException("GradientBoosting.fit: x must be [n, d] with n > 0, got "
                    + java.util.Arrays.toString(xs));
        }
        int n = xs[0];
        int d = xs[1];
        if (ys.length < 1 || ys.length > 2 || ys[0] != n) {
            throw new IllegalArgumentException("GradientBoosting.fit: y must be [" + n + "] or [" + n
                    + ", outputs], got " + java.util.Arrays.toString(ys));
        }
        int outputs = ys.length == 1 ? 1 : ys[1];
        double[] yd = y.data();
        int units = stages * unitsPerStage;
        double[] hiddenWeight = new double[units * d];
        double[] hiddenBias = new double[units];
        double[] outputWeight = new double[outputs * units];
        double[] f0 = new double[outputs];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < outputs; o++) {
                f0[o] += yd[i * outputs + o];
            }
        }
        for (int o = 0; o < outputs; o++) {
            f0[o] /= n;
        }
        double[] f = new double[n * outputs];
        for (int i = 0; i < n; i++) {
            System.arraycopy(f0, 0, f, i * outputs, outputs);
        }
        double[] loss = new double[stages + 1];
        loss[0] = meanSquare(yd, f);
        Var input = Var.constant(x);
        double[] residual = new double[n * outputs];
        Tensor target = Tensor.of(residual, n, outputs);
        for (int t = 0; t < stages; t++) {
            for (int k = 0; k < residual.length; k++) {
                residual[k] = yd[k] - f[k];
            }
            Linear hidden = new Linear(d, unitsPerStage, rng);
            Linear output = new Linear(unitsPerStage, outputs, false, rng);
            Sequential stage = new Sequential(hidden, new Tanh(), output);
            TensorMap params = stage.namedParameters();
            OptState state = optimizer.init(params);
            for (int e = 0; e < epochsPerStage; e++) {
                // The fused affine-tanh node computes the same values as the stage's Tanh module.
                Var l = Losses.mse(output.forward(hidden.forward(input, FusedActivation.TANH)), target);
                optimizer.step(params, stage.gradients(l), state);
            }
            double[] h = output.forward(hidden.forward(input, FusedActivation.TANH)).value().data();
            for (int k = 0; k < f.length; k++) {
                f[k] += shrinkage * h[k];
            }
            int first = t * unitsPerStage;
            System.arraycopy(hidden.weight().value().data(), 0, hiddenWeight, first * d, unitsPerStage * d);
            System.arraycopy(hidden.bias().value().data(), 0, hiddenBias, first, unitsPerStage);
            double[] v = output.weight().value().data();
            for (int o = 0; o < outputs; o++) {
                for (int j = 0; j < unitsPerStage; j++) {
                    outputWeight[o * units + first + j] = shrinkage * v[o * unitsPerStage + j];
                }
            }
            loss[t + 1] = meanSquare(yd, f);
            listener.stageEnd(t + 1, stages, loss[t + 1]);
        }
        return new BoostedNetwork(hiddenWeight, hiddenBias, outputWeight, f0, d, outputs, loss);
    }

    private static double meanSquare(double[] y, double[] f) {
        double s = 0;
        for (int k = 0; k < y.length; k++) {
            double e = y[k] - f[k];
            s += e * e;
        }
        return s / y.length;
    }
}
