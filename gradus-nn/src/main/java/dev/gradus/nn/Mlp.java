package dev.gradus.nn;

import dev.gradus.tensor.RandomStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a multi-layer perceptron as a {@link Sequential}, so that its parameter names are PyTorch's for
 * the same stack. Each hidden layer is
 * <pre>
 *   Linear -> [BatchNorm1d | LayerNorm] -> activation -> [Dropout]
 * </pre>
 * and the output layer is a plain {@link Linear} (logits; the loss applies any link function).
 *
 * <pre>{@code
 * Sequential net = Mlp.builder(784).hidden(256, 256).outputs(10).build(RandomStream.of(0));
 * // 0.weight [256, 784], 0.bias, 2.weight [256, 256], 2.bias, 4.weight [10, 256], 4.bias
 * }</pre>
 *
 * Linear layers draw their initial weights from the given stream in order (PyTorch's default init unless
 * another is set); each Dropout layer gets its own stream forked from it by name, so adding dropout does
 * not change the initial weights.
 */
public final class Mlp {
    private Mlp() {}

    /** A builder for inputs of width {@code inputs}. */
    public static Builder builder(int inputs) {
        return new Builder(inputs);
    }

    /** The normalisation after each hidden Linear layer. */
    public enum Norm {
        /** None. */
        NONE,
        /** {@link BatchNorm1d}. */
        BATCH,
        /** {@link LayerNorm}. */
        LAYER
    }

    /** Options of an MLP; defaults: no hidden layer, one output, ReLU, no normalisation, no dropout. */
    public static final class Builder {
        private final int inputs;
        private int[] hidden = new int[0];
        private int outputs = 1;
        private Activation activation = Activation.RELU;
        private Norm norm = Norm.NONE;
        private double dropout;
        private Initializer weightInit;

        private Builder(int inputs) {
            if (inputs <= 0) {
                throw new IllegalArgumentException("Mlp: inputs must be positive, got " + inputs);
            }
            this.inputs = inputs;
        }

        /** The widths of the hidden layers, in order. */
        public Builder hidden(int... widths) {
            for (int w : widths) {
                if (w <= 0) {
                    throw new IllegalArgumentException("Mlp: hidden widths must be positive, got " + java.util.Arrays.toString(widths));
                }
            }
            this.hidden = widths.clone();
            return this;
        }

        /** The width of the output layer. */
        public Builder outputs(int outputs) {
            if (outputs <= 0) {
                throw new IllegalArgumentException("Mlp: outputs must be positive, got " + outputs);
            }
            this.outputs = outputs;
            return this;
        }

        /** The activation after each hidden layer (default ReLU). */
        public Builder activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        /** The normalisation after each hidden Linear layer (default none). */
        public Builder norm(Norm norm) {
            this.norm = norm;
            return this;
        }

        /** Shorthand for {@code norm(BATCH)} or {@code norm(NONE)}. */
        public Builder batchNorm(boolean on) {
            return norm(on ? Norm.BATCH : Norm.NONE);
        }

        /** Shorthand for {@code norm(LAYER)} or {@code norm(NONE)}. */
        public Builder layerNorm(boolean on) {
            return norm(on ? Norm.LAYER : Norm.NONE);
        }

        /** Dropout probability after each hidden activation (default 0: no Dropout layers). */
        public Builder dropout(double p) {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("Mlp: dropout must be in [0, 1), got " + p);
            }
            this.dropout = p;
            return this;
        }

        /** The weight initialiser of every Linear layer (default PyTorch's; biases keep PyTorch's default). */
        public Builder weightInit(Initializer init) {
            this.weightInit = init;
            return this;
        }

        /** Builds the network, drawing initial weights from {@code rng}. */
        public Sequential build(RandomStream rng) {
            RandomStream dropoutRoot = rng.fork("dropout");
            List<Module> layers = new ArrayList<>();
            int width = inputs;
            for (int i = 0; i < hidden.length; i++) {
                layers.add(linear(width, hidden[i], rng));
                switch (norm) {
                    case BATCH -> layers.add(new BatchNorm1d(hidden[i]));
                    case LAYER -> layers.add(new LayerNorm(hidden[i]));
                    case NONE -> { }
                }
                layers.add(activation.create());
                if (dropout > 0) {
                    layers.add(new Dropout(dropout, dropoutRoot.fork(Integer.toString(i))));
                }
                width = hidden[i];
            }
            layers.add(linear(width, outputs, rng));
            return new Sequential(layers);
        }

        private Linear linear(int in, int out, RandomStream rng) {
            return weightInit == null ? new Linear(in, out, rng)
                    : new Linear(in, out, true, weightInit, Initializer.torchDefaultBias(in), rng);
        }
    }
}
