package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;

/**
 * A loss: a differentiable function of a model's prediction and a constant target, reduced according to
 * a {@link Reduction} (a scalar for {@code MEAN} and {@code SUM}).
 *
 * <pre>{@code
 * Var loss = new CrossEntropyLoss().apply(model.forward(x), labels);
 * }</pre>
 */
@FunctionalInterface
public interface Loss {

    /** The loss of {@code prediction} against {@code target}. */
    Var apply(Var prediction, Tensor target);

    /**
     * {@code target} viewed with the shape of {@code prediction} when both hold the same number of elements
     * (so {@code [N]} and {@code [N, 1]} pair up); otherwise an error naming the loss and both shapes.
     */
    static Tensor targetLike(String loss, Var prediction, Tensor target) {
        if (target.size() != prediction.value().size()) {
            throw new IllegalArgumentException(loss + ": prediction " + Arrays.toString(prediction.shape()) + " and target "
                    + Arrays.toString(target.shape()) + " differ in size");
        }
        return target.reshape(prediction.shape());
    }

    /**
     * Binary labels as signs: 0 and -1 become -1, 1 stays 1; any other value is an error naming its position.
     */
    static Tensor signLabels(String loss, Tensor labels) {
        double[] y = labels.data();
        double[] s = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 1.0) {
                s[i] = 1.0;
            } else if (y[i] == 0.0 || y[i] == -1.0) {
                s[i] = -1.0;
            } else {
                throw new IllegalArgumentException(loss + ": label " + y[i] + " at index " + i
                        + " is not a binary label (expected 0/1 or -1/+1)");
            }
        }
        return Tensor.of(s, labels.shape());
    }
}
