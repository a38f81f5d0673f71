package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.SpecFamily;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;

/**
 * What a worker does to its gradient before sending it: the components of the {@code compressor} family
 * ({@link #COMPRESSORS}), such as {@code topk(density=0.01)} or {@code dgc(density=0.001)}. A compressor keeps
 * what it needs between rounds (error-feedback residuals, local momenta) in a per-worker state made by
 * {@link #init}; the data-parallel step holds one such state per worker and saves it in every checkpoint.
 *
 * <p><b>Messages.</b> The in-process model sends the decoded message (what the receiver reconstructs) and counts
 * the bytes of its wire form: {@value #VALUE_BYTES} bytes per float64 value and {@value #INDEX_BYTES} per sparse
 * index, plus whatever scales the scheme sends. A dense message of {@code d} values costs {@code 8d} bytes.
 */
public interface Compressor {

    /** The family of compressors. */
    SpecFamily<Compressor> COMPRESSORS = SpecFamily.of("compressor", Compressor.class);

    /** The bytes of one float64 value on the wire. */
    int VALUE_BYTES = 8;

    /** The bytes of one sparse index on the wire. */
    int INDEX_BYTES = 4;

    /** One worker's state for parameters shaped like {@code params}, created eagerly. */
    OptState init(TensorMap params);

    /**
     * Compresses a worker's gradient {@code grad} at round {@code step} (from 1), advancing {@code state}; writes
     * the decoded message into {@code out} (shaped like {@code grad}) and returns the bytes sent. {@code grad} may
     * be overwritten. Randomness comes only from {@code random}.
     */
    long compress(TensorMap grad, OptState state, long step, RandomStream random, TensorMap out);

    /** The bytes of {@code grad} sent dense. */
    static long denseBytes(TensorMap grad) {
        return grad.numel() * VALUE_BYTES;
    }
}
