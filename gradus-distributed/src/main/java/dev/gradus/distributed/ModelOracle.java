package dev.gradus.distributed;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Loss;
import dev.gradus.nn.Module;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gradient oracle of a model and a loss: a functional call of {@code model} at the given parameters
 * ({@link Module#call}), so the model's own tensors are never read or written and one replica per thread
 * suffices. With {@code flipLabels} the loss is taken against {@code C - 1 - y} (a label-flipping Byzantine
 * worker), {@code C} being the model's number of outputs. Public so that another engine (Spark) builds the same
 * oracle where the data is.
 */
public final class ModelOracle implements GradientOracle {
    private final Module model;
    private final Loss loss;
    private final boolean flipLabels;

    /** The oracle of {@code model} under {@code loss}; {@code flipLabels} for a label-flipping worker. */
    public ModelOracle(Module model, Loss loss, boolean flipLabels) {
        this.model = model;
        this.loss = loss;
        this.flipLabels = flipLabels;
    }

    @Override
    public double lossAndGradient(TensorMap params, Tensor x, Tensor y, TensorMap grad, Tensor[] output) {
        Map<String, Var> bound = new LinkedHashMap<>();
        params.forEach((name, t) -> bound.put(name, Var.param(t)));
        Var out = model.call(bound, Var.constant(x));
        Var l = loss.apply(out, flipLabels ? flipped(y, out.value()) : y);
        TensorMap g = Autodiff.grad(l, bound);
        params.forEach((name, t) -> grad.put(name, g.get(name)));
        if (output != null) {
            output[0] = out.value();
        }
        return l.item();
    }

    private static Tensor flipped(Tensor y, Tensor out) {
        if (out.rank() != 2 || out.dim(1) < 2) {
            throw new IllegalArgumentException("label_flip: the model must output one score per class, got shape "
                    + java.util.Arrays.toString(out.shape()));
        }
        int classes = out.dim(1);
        double[] src = y.data();
        double[] f = new double[src.length];
        for (int i = 0; i < src.length; i++) {
            f[i] = classes - 1 - src[i];
        }
        return Tensor.of(f, y.shape());
    }
}
