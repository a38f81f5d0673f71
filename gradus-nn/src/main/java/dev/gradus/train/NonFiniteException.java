package dev.gradus.train;

/**
 * Training stopped because the loss or a gradient became NaN or infinite. The message names the step,
 * the epoch and batch, and the first offending parameter; the checkpoint on disk is the last good one.
 */
public final class NonFiniteException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final long step;
    private final String parameter;

    /**
     * @param step the optimizer step (from 1) that failed
     * @param parameter the first parameter whose gradient is non-finite, or null when the loss itself is
     * @param message the full message
     */
    public NonFiniteException(long step, String parameter, String message) {
        super(message);
        this.step = step;
        this.parameter = parameter;
    }

    /** The optimizer step (from 1) that failed. */
    public long step() {
        return step;
    }

    /** The first parameter with a non-finite gradient, or null when the loss was non-finite. */
    public String parameter() {
        return parameter;
    }
}
