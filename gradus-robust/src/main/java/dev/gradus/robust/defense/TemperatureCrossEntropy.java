package dev.gradus.robust.defense;

import dev.gradus.autodiff.Var;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Loss;
import dev.gradus.tensor.Tensor;

/**
 * Cross-entropy of the softmax at temperature T, {@code L = CE(softmax(z / T), y)}: how a defensively distilled
 * teacher is trained (Papernot, McDaniel, Wu, Jha &amp; Swami, "Distillation as a Defense to Adversarial Perturbations
 * against Deep Neural Networks", IEEE S&amp;P 2016, arXiv:1511.04508). Targets are class indices or distributions, as
 * for {@link CrossEntropyLoss}. At deployment the model's raw logits are used, i.e. temperature 1: the logits it
 * learned are about T times larger than a standard model's, which saturates the softmax.
 */
public final class TemperatureCrossEntropy implements Loss {
    private final double temperature;
    private final CrossEntropyLoss ce = new CrossEntropyLoss();

    /** The loss at temperature {@code temperature} (Papernot et al. used 100 on MNIST; 20-100 is the usual range). */
    public TemperatureCrossEntropy(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("TemperatureCrossEntropy: temperature must be positive and finite, got "
                    + temperature);
        }
        this.temperature = temperature;
    }

    /** T. */
    public double temperature() {
        return temperature;
    }

    @Override
    public Var apply(Var prediction, Tensor target) {
        return ce.apply(prediction.div(temperature), target);
    }

    @Override
    public Var perExample(Var prediction, Tensor target) {
        return ce.perExample(prediction.div(temperature), target);
    }

    @Override
    public String toString() {
        return "temperature_cross_entropy(T=" + temperature + ")";
    }
}
