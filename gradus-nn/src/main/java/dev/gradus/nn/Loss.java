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
     * The loss of each example on its own, {@code [N]} for a batch of {@code N}: entry {@code i} is what
     * {@link #apply} gives for a batch that holds example {@code i} alone (summed when that is not a scalar,
     * as under {@link Reduction#NONE}). So it does not depend on the batch size: for a mean-reduced loss the
     * batch loss is the mean of these, for a sum-reduced one their sum. {@link PerSampleGradients} takes the
     * gradient of each entry.
     *
     * <p>The default calls {@link #apply} once per example, on rows {@code i} of {@code prediction} and
     * {@code target}; the built-in losses override it with one batched expression.
     */
    default Var perExample(Var prediction, Tensor target) {
        int n = prediction.dim(0);
        if (target.rank() == 0 || target.dim(0) != n) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".perExample: target "
                    + Arrays.toString(target.shape()) + " does not have one row per example of the prediction "
                    + Arrays.toString(prediction.shape()));
        }
        java.util.List<Var> parts = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parts.add(apply(prediction.narrow(0, i, 1), target.narrow(0, i, 1)).sum());
        }
        return Var.stack(parts, 0);
    }

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
