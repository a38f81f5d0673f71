package dev.gradus.lab.experiments.zeroth;

import dev.gradus.nn.Activation;
import dev.gradus.nn.Mlp;
import dev.gradus.nn.Sequential;
import dev.gradus.tensor.RandomStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * One MLP of EAGAN-lite's search space, the generator or the discriminator: {@code depth} hidden layers of the given
 * widths and one activation. Decoded from {@value #GENES} genes in [0, 1] (the box NSGA-II searches): depth in
 * {1, 2, 3}, a width in {4, 8, 16, 32} for each of three layers (those beyond the depth are unused), and the
 * activation in {ReLU, tanh}. A gene u picks choice ⌊u·k⌋ of k (u = 1 picks the last).
 *
 * @param widths the hidden widths, one per layer
 * @param activation the activation after each hidden layer
 */
record GanNet(int[] widths, Activation activation) {
    /** Genes per network. */
    static final int GENES = 5;
    private static final int[] WIDTHS = {4, 8, 16, 32};
    private static final Activation[] ACTIVATIONS = {Activation.RELU, Activation.TANH};

    GanNet {
        if (widths.length == 0) {
            throw new IllegalArgumentException("GanNet: at least one hidden layer, got none");
        }
        widths = widths.clone();
    }

    /** The network coded by {@code genes[offset .. offset + GENES)}. */
    static GanNet decode(double[] genes, int offset) {
        int depth = 1 + pick(genes[offset], 3);
        int[] w = new int[depth];
        for (int l = 0; l < depth; l++) {
            w[l] = WIDTHS[pick(genes[offset + 1 + l], WIDTHS.length)];
        }
        return new GanNet(w, ACTIVATIONS[pick(genes[offset + 4], ACTIVATIONS.length)]);
    }

    private static int pick(double u, int k) {
        if (!(u >= 0 && u <= 1)) {
            throw new IllegalArgumentException("GanNet: genes must lie in [0, 1], got " + u);
        }
        return Math.min(k - 1, (int) (u * k));
    }

    /** The MLP {@code inputs → widths → outputs}, initial weights from {@code rng}. */
    Sequential build(int inputs, int outputs, RandomStream rng) {
        return Mlp.builder(inputs).hidden(widths).outputs(outputs).activation(activation).build(rng);
    }

    /** A short code such as {@code 16x8-tanh}, also the name of its training stream. */
    String code() {
        StringBuilder b = new StringBuilder();
        for (int l = 0; l < widths.length; l++) {
            b.append(l == 0 ? "" : "x").append(widths[l]);
        }
        return b.append('-').append(activation.name().toLowerCase(Locale.ROOT)).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GanNet n && Arrays.equals(widths, n.widths) && activation == n.activation;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(widths) + activation.hashCode();
    }

    @Override
    public String toString() {
        return code();
    }
}
