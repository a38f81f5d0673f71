package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;

/**
 * A compressor whose encoding needs all workers at once, through all-reduces inside the round (PowerSGD averages
 * its factors {@code P} and {@code Q} across workers before the next stage). The data-parallel step runs the
 * workers' gradients in parallel, then this round on one thread in worker order, so results stay independent
 * of the threads. The per-worker {@link #compress} of such a compressor is refused: it has no meaning alone.
 */
public interface CollectiveCompressor extends Compressor {

    /**
     * One round: compresses every worker's gradient {@code grads[i]} (which may be overwritten) with its state
     * {@code states[i]}, writes the decoded message of worker {@code i} into {@code out[i]}, and returns each
     * worker's bytes sent. {@code shared} is a random stream all workers agree on (a shared seed).
     */
    long[] round(TensorMap[] grads, OptState[] states, long step, RandomStream shared, TensorMap[] out);

    @Override
    default long compress(TensorMap grad, OptState state, long step, RandomStream random, TensorMap out) {
        return round(new TensorMap[] {grad}, new OptState[] {state}, step, random, new TensorMap[] {out})[0];
    }
}
