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
     * Computes worker's message for round {@code step} into {@code message}: the gradient of {@code (x, y)} at
     * {@code params} (zero for an empty slice), compressed by {@code compressor} with the worker's
     * {@code state}, which advances. {@code output[0]}, when {@code output} is not null, receives the model's
     * output on the slice.
     */
    public static Report compute(GradientOracle oracle, TensorMap params, Tensor x, Tensor y, Compressor compressor,
            OptState state, long step, RandomStream random, TensorMap message, Tensor[] output) {
        int examples = x.dim(0);
        TensorMap grad = examples == 0 ? params.zerosLike() : new TensorMap();
        double loss = examples == 0 ? 0.0 : oracle.lossAndGradient(params, x, y, grad, output);
        long dense = Compressor.denseBytes(grad);
        long bytes = compressor.compress(grad, state, step, random, message);
        return new Report(loss, examples, bytes, dense);
    }
}
