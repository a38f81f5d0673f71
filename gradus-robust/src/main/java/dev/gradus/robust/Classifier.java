package dev.gradus.robust;

import dev.gradus.autodiff.Var;
import dev.gradus.nn.Module;

/**
 * The model under attack: a differentiable map from a batch of inputs {@code [N, ...]} to logits {@code [N, C]}.
 * Wrap a module with {@link #of}; {@link #scaled} gives the same model with its logits multiplied by a constant, which
 * is how an attacker divides a distilled model's logits by its temperature (Carlini &amp; Wagner, "Defensive
 * distillation is not robust to adversarial examples", 2016).
 *
 * <pre>{@code
 * Classifier f = Classifier.of(model.eval());
 * Classifier overT = f.scaled(1.0 / 100);   // logits / T
 * }</pre>
 */
@FunctionalInterface
public interface Classifier {

    /** The logits {@code [N, C]} of the inputs {@code x}. */
    Var logits(Var x);

    /** A module's forward pass as a classifier; put the module in evaluation mode first if it has Dropout or BatchNorm. */
    static Classifier of(Module model) {
        if (model == null) {
            throw new IllegalArgumentException("Classifier.of: model is null");
        }
        return model::forward;
    }

    /** This classifier with its logits multiplied by {@code factor}. */
    default Classifier scaled(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("Classifier.scaled: factor must be positive and finite, got " + factor);
        }
        return x -> logits(x).mul(factor);
    }
}
