package dev.gradus.lab.experiments.quant;

import dev.gradus.autodiff.Var;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Module;
import dev.gradus.nn.quant.QuantLinear;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * A two-layer quantized MLP {@code in → hidden → classes}: {@link QuantLinear}, ReLU, {@link QuantLinear}, with the
 * same bit widths in both layers (the first layer's input quantizer is unsigned when the features are non-negative).
 */
final class QuantMlp extends Module {
    private final QuantLinear first;
    private final QuantLinear second;

    QuantMlp(int in, int hidden, int classes, int[] widths, boolean nonNegativeInput, RandomStream rng) {
        first = addModule("fc1", new QuantLinear(in, hidden, widths, nonNegativeInput, rng));
        second = addModule("fc2", new QuantLinear(hidden, classes, widths, true, rng));
    }

    /** Selects the bit width of both layers. */
    QuantMlp bits(int b) {
        first.bits(b);
        second.bits(b);
        return this;
    }

    QuantLinear first() {
        return first;
    }

    QuantLinear second() {
        return second;
    }

    @Override
    public Var forward(Var input) {
        return second.forward(first.forward(input).relu());
    }

    /** Mean cross-entropy on {@code x} with labels {@code y}. */
    Var loss(Tensor x, Tensor y) {
        return new CrossEntropyLoss().apply(forward(Var.constant(x)), y);
    }

    /** Accuracy on {@code x} with integer labels {@code labels}, in eval mode. */
    double accuracy(Tensor x, int[] labels) {
        boolean was = isTraining();
        eval();
        double[] logits = forward(Var.constant(x)).value().data();
        train(was);
        int classes = logits.length / labels.length;
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[i * classes + c] > logits[i * classes + best]) {
                    best = c;
                }
            }
            correct += best == labels[i] ? 1 : 0;
        }
        return correct / (double) labels.length;
    }
}
