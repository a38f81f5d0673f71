package dev.gradus.nn;

import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;

/**
 * Squared error, PyTorch's {@code MSELoss}: {@code l_i = (prediction_i - target_i)^2}, reduced over all
 * elements (mean by default). The target must hold as many elements as the prediction. The mean and the
 * sum use core's fused {@link Losses#mse}.
 */
public final class MseLoss implements Loss {
    private final Reduction reduction;

    /** Mean reduction. */
    public MseLoss() {
        this(Reduction.MEAN);
    }

    /** The given reduction. */
    public MseLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public Var apply(Var prediction, Tensor target) {
        Tensor y = Loss.targetLike("MseLoss", prediction, target);
        return switch (reduction) {
            case MEAN -> Losses.mse(prediction, y);
            case SUM -> Losses.mse(prediction, y).mul(y.size());
            case NONE -> prediction.sub(y).square();
        };
    }

    @Override
    public Var perExample(Var prediction, Tensor target) {
        return reduction.perExample(new MseLoss(Reduction.NONE).apply(prediction, target));
    }
}
