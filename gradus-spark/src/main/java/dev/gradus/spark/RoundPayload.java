package dev.gradus.spark;

import java.io.Serializable;

/**
 * What every partition needs for one round, broadcast once per round: the parameters (flat, in name order) with
 * their names and shapes, the model's input shape, the compressor, and how to build the oracle.
 *
 * @param step the round's step number
 * @param params the parameters, flat in name order
 * @param names the parameter names, in order
 * @param shapes the parameter shapes
 * @param inputShape the model's input shape of one example
 * @param compressor the compressor's spec, parsed on the executor
 * @param mode how workers compute their message
 * @param oracles how to build a worker's oracle
 */
record RoundPayload(long step, double[] params, String[] names, int[][] shapes, int[] inputShape, String compressor,
        Mode mode, OracleFactory oracles) implements Serializable {

    /** How a worker computes its message. */
    enum Mode {
        /** No compression: the message is the gradient. */
        PLAIN,
        /** The compressor runs on the worker with the worker's state. */
        COMPRESSED,
        /** The dense gradient; a collective compressor's round runs on the driver. */
        COLLECTIVE
    }
}
