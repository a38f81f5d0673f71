package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;

/**
 * The binary hinge loss of a linear classifier or SVM: for score {@code z} and label {@code y} in
 * {-1, +1} (0 is read as -1), {@code l = max(0, 1 - y z)}. At the kink the subgradient 0 is used.
 * Reduced over all elements (mean by default).
 */
public final class HingeLoss implements Loss {
    private final Reduction reduction;

    /** Mean reduction. */
    public HingeLoss() {
        this(Reduction.MEAN);
    }

    /** The given reduction. */
    public HingeLoss(Reduction reduction) {
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
        Tensor y = Loss.signLabels("HingeLoss", Loss.targetLike("HingeLoss", prediction, target));
        return prediction.mul(y).rsub(1.0).relu();
    }
}
