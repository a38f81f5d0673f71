package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;

/**
 * The logistic loss on margins: for score {@code z} and label {@code y} in {-1, +1} (0 is read as -1),
 * {@code l = log(1 + exp(-y z)) = softplus(-y z)}, computed stably. It equals {@link BceWithLogitsLoss}
 * with 0/1 labels; this form is the one of the margin-based analyses (logistic regression to the
 * perceptron). Reduced over all elements (mean by default).
 */
public final class LogisticLoss implements Loss {
    private final Reduction reduction;

    /** Mean reduction. */
    public LogisticLoss() {
        this(Reduction.MEAN);
    }

    /** The given reduction. */
    public LogisticLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public Var apply(Var prediction, Tensor target) {
        return reduction.apply(elementLosses(prediction, target));
    }

    @Override
    public Var perExample(Var prediction, Tensor target) {
        return reduction.perExample(elementLosses(prediction, target));
    }

    private static Var elementLosses(Var prediction, Tensor target) {
        Tensor y = Loss.signLabels("LogisticLoss", Loss.targetLike("LogisticLoss", prediction, target));
        return prediction.mul(y).neg().softplus();
    }
}
