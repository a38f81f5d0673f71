package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;

/**
 * One worker's part of a round, as a pure function of the parameters, its data slice, its state and its random
 * stream: the gradient of its slice, then its compressor. Nothing here knows about threads, the Trainer or
 * Spark, so any engine can run it where the data is.
 */
public final class Worker {
    private Worker() {}

    /**
     * What a worker reports.
     *
     * @param loss the mean loss of its slice at the round's parameters (0 for an empty slice)
     * @param examples the size of its slice
     * @param bytes the bytes of its message on the wire
     * @param denseBytes the bytes the message would take uncompressed
     */
    public record Report(double loss, int examples, long bytes, long denseBytes) {}

    /**
     * The gradient of a worker's slice.
     *
     * @param loss the mean loss of the slice (0 for an empty slice)
     * @param examples the size of the slice
     * @param gradient its mean gradient by parameter name (zeros for an empty slice)
     */
    public record Gradient(double loss, int examples, TensorMap gradient) {}

    /**
     * The gradient of {@code (x, y)} at {@code params}; {@code output[0]}, when {@code output} is not null, receives
     * the model's output on the slice.
     */
    public static Gradient gradient(GradientOracle oracle, TensorMap params, Tensor x, Tensor y, Tensor[] output) {
        int examples = x.dim(0);
        TensorMap grad = examples == 0 ? params.zerosLike() : new TensorMap();
        double loss = examples == 0 ? 0.0 : oracle.lossAndGradient(params, x, y, grad, output);
        return new Gradient(loss, examples, grad);
    }

    /**
     * Computes worker's message for round {@code step} into {@code message}: the gradient of {@code (x, y)} at
     * {@code params} ({@link #gradient}), compressed by {@code compressor} with the worker's {@code state}, which
     * advances.
     */
    public static Report compute(GradientOracle oracle, TensorMap params, Tensor x, Tensor y, Compressor compressor,
            OptState state, long step, RandomStream random, TensorMap message, Tensor[] output) {
        Gradient g = gradient(oracle, params, x, y, output);
        long dense = Compressor.denseBytes(g.gradient());
        long bytes = compressor.compress(g.gradient(), state, step, random, message);
        return new Report(g.loss(), g.examples(), bytes, dense);
    }
}
