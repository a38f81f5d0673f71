package dev.gradus.distributed;

import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;

/**
 * A worker's loss and gradient on its slice of the round's data, at given parameters: the only thing a worker
 * needs from the model. In the Trainer it is a functional call of a model replica; on Spark it is built on the
 * executor from the model's spec.
 */
@FunctionalInterface
public interface GradientOracle {

    /**
     * The mean loss of the examples {@code (x, y)} at {@code params}; puts the gradient of every parameter into the
     * empty map {@code grad}, by name in the order of {@code params}. {@code output[0]}, when {@code output} is not
     * null, receives the model's output rows.
     */
    double lossAndGradient(TensorMap params, Tensor x, Tensor y, TensorMap grad, Tensor[] output);
}
