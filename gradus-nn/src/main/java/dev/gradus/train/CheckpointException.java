package dev.gradus.train;

import java.io.IOException;

/**
 * A checkpoint that cannot be used: missing, damaged (truncated, bytes changed), written by another
 * format version, or made for another model, optimizer or configuration. Nothing was loaded when this is
 * thrown; the message names the file and what is wrong.
 */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A refusal with a message naming the file and the problem. */
    public CheckpointException(String message) {
        super(message);
    }

    /** A refusal caused by a lower-level error. */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
