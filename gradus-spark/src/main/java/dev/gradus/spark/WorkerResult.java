package dev.gradus.spark;

import java.io.Serializable;

/**
 * What a partition returns for one worker and round: its report, its message as a flat vector (in parameter
 * order), its advanced state and its output rows.
 *
 * @param worker the worker
 * @param loss the mean loss of its slice
 * @param examples the size of its slice
 * @param bytes the bytes of its message on the wire
 * @param denseBytes the bytes the message would take uncompressed
 * @param message the message, flat; null once taken apart by the ordered reduction
 * @param state the advanced compressor state ({@link StateCodec}), null when it ships none
 * @param output the model's output rows, flat, null for an empty slice
 * @param outputShape the shape of {@code output}
 */
record WorkerResult(int worker, double loss, int examples, long bytes, long denseBytes, double[] message, byte[] state,
        double[] output, int[] outputShape) implements Serializable {

    /** This result without its message (what the driver collects when the messages are reduced by key). */
    WorkerResult withoutMessage() {
        return new WorkerResult(worker, loss, examples, bytes, denseBytes, null, state, output, outputShape);
    }
}
