package dev.gradus.nn;

import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;

/**
 * Binary cross-entropy on logits, PyTorch's {@code BCEWithLogitsLoss}: for logit {@code z} and target
 * {@code y} in [0, 1],
 * <pre>
 *   l = -(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))) = softplus(z) - y z
 * </pre>
 * computed in the stable form on the right; its gradient is {@code sigmoid(z) - y}. Reduced over all
 * elements (mean by default); the mean and the sum use core's fused
 * {@link Losses#binaryCrossEntropyWithLogits}.
 */
public final class BceWithLogitsLoss implements Loss {
    private final Reduction reduction;

    /** Mean reduction. */
    public BceWithLogitsLoss() {
        this(Reduction.MEAN);
    }

    /** The given reduction. */
    public BceWithLogitsLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public Var apply(Var prediction, Tensor target) {
        Tensor y = Loss.targetLike("BceWithLogitsLoss", prediction, target);
        return switch (reduction) {
            case MEAN -> Losses.binaryCrossEntropyWithLogits(prediction, y);
            case SUM -> Losses.binaryCrossEntropyWithLogits(prediction, y).mul(y.size());
            case NONE -> prediction.softplus().sub(prediction.mul(y));
        };
    }

    @Override
    public Var perExample(Var prediction, Tensor target) {
        return reduction.perExample(new BceWithLogitsLoss(Reduction.NONE).apply(prediction, target));
    }
}
