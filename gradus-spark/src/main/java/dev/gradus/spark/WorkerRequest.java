package dev.gradus.spark;

import java.io.Serializable;

/**
 * What the driver sends a partition for one worker and round: which rows of the worker's shard make its slice
 * (in batch order), the worker's compressor state, its random stream and whether it flips labels.
 *
 * @param worker the worker
 * @param rows the slice's rows in the worker's {@link WorkerShard}, in batch order
 * @param state the worker's compressor state ({@link StateCodec}), null when it ships none
 * @param stream the position of the worker's stream {@code random("worker i")} of the round
 * @param flipLabels whether the worker is a label-flipping Byzantine worker
 */
record WorkerRequest(int worker, int[] rows, byte[] state, long[] stream, boolean flipLabels) implements Serializable {}
