package dev.gradus.train.boost;

import dev.gradus.nn.Linear;
import dev.gradus.nn.Sequential;
import dev.gradus.nn.Tanh;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * The one-hidden-layer tanh network that {@link GradientBoosting} builds, its units in the order they were
 * trained:
 * <pre>
 *   F(x) = F_0 + sum_{j < k} v_j tanh(w_j . x + b_j)
 * </pre>
 * with {@code F_0} the constant of stage 0 and the output weights {@code v_j} already multiplied by the
 * shrinkage {@code nu}. Using only the first {@code k} units ({@link #predict(Tensor, int)}) drops the last
 * stages; because each stage was fitted to what the earlier ones left, the first units carry most of the fit. Keep
 * {@code k} a multiple of the units per stage: the units of one stage were fitted together and may partly cancel,
 * so half a stage can be worse than none of it.
 */
public final class BoostedNetwork {
    private final double[] hiddenWeight; // [units, inputs], row-major
    private final double[] hiddenBias; // [units]
    private final double[] outputWeight; // [outputs, units], row-major, shrinkage included
    private final double[] outputBias; // [outputs]: F_0
    private final int inputs;
    private final int outputs;
    private final int units;
    private final double[] trainLoss;

    BoostedNetwork(double[] hiddenWeight, double[] hiddenBias, double[] outputWeight, double[] outputBias,
                   int inputs, int outputs, double[] trainLoss) {
        this.hiddenWeight = hiddenWeight;
        this.hiddenBias = hiddenBias;
        this.outputWeight = outputWeight;
        this.outputBias = outputBias;
        this.inputs = inputs;
        this.outputs = outputs;
        this.units = hiddenBias.length;
        this.trainLoss = trainLoss;
    }

    /** The number of hidden units (stages times units per stage). */
    public int units() {
        return units;
    }

    /** The input width. */
    public int inputs() {
        return inputs;
    }

    /** The output width. */
    public int outputs() {
        return outputs;
    }

    /** The training mean squared error after stage {@code t}, for {@code t = 0} (the constant) to the last. */
    public double[] trainLoss() {
        return trainLoss.clone();
    }

    /** The prediction {@code [n, outputs]} of all units for inputs {@code x [n, inputs]}. */
    public Tensor predict(Tensor x) {
        return predict(x, units);
    }

    /**
     * The prediction {@code [n, outputs]} of the first {@code k} units for inputs {@code x [n, inputs]};
     * {@code k = 0} gives the constant {@code F_0}.
     */
    public Tensor predict(Tensor x, int k) {
        checkUnits(k);
        int[] s = x.shape();
        if (s.length != 2 || s[1] != inputs) {
            throw new IllegalArgumentException("BoostedNetwork.predict: x must be [n, " + inputs + "], got "
                    + java.util.Arrays.toString(s));
        }
        int n = s[0];
        double[] xd = x.data();
        double[] out = new double[n * outputs];
        double[] h = new double[k];
        for (int i = 0; i < n; i++) {
            int xo = i * inputs;
            for (int j = 0; j < k; j++) {
                double z = hiddenBias[j];
                int wo = j * inputs;
                for (int c = 0; c < inputs; c++) {
                    z += hiddenWeight[wo + c] * xd[xo + c];
                }
                h[j] = Math.tanh(z);
            }
            for (int o = 0; o < outputs; o++) {
                double f = outputBias[o];
                int vo = o * units;
                for (int j = 0; j < k; j++) {
                    f += outputWeight[vo + j] * h[j];
                }
                out[i * outputs + o] = f;
            }
        }
        return Tensor.of(out, n, outputs);
    }

    /**
     * The first {@code k} units as a trainable module {@code Linear(inputs, k) -> Tanh -> Linear(k, outputs)}
     * (parameter names {@code 0.weight, 0.bias, 2.weight, 2.bias}), for fine-tuning or saving; its output equals
     * {@link #predict(Tensor, int)}.
     */
    public Sequential toModule(int k) {
        checkUnits(k);
        if (k == 0) {
            throw new IllegalArgumentException("BoostedNetwork.toModule: k must be at least 1");
        }
        RandomStream unused = RandomStream.of(0);
        Linear hidden = new Linear(inputs, k, unused);
        Linear output = new Linear(k, outputs, unused);
        double[] w = hidden.weight().value().data();
        System.arraycopy(hiddenWeight, 0, w, 0, k * inputs);
        System.arraycopy(hiddenBias, 0, hidden.bias().value().data(), 0, k);
        double[] v = output.weight().value().data();
        for (int o = 0; o < outputs; o++) {
            System.arraycopy(outputWeight, o * units, v, o * k, k);
        }
        System.arraycopy(outputBias, 0, output.bias().value().data(), 0, outputs);
        return new Sequential(hidden, new Tanh(), output);
    }

    private void checkUnits(int k) {
        if (k < 0 || k > units) {
            throw new IllegalArgumentException("BoostedNetwork: k must be in [0, " + units + "], got " + k);
        }
    }
}
