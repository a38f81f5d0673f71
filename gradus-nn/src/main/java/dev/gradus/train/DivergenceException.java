package dev.gradus.train;

/**
 * Training stopped because the loss grew far above its best ({@link DivergenceGuard}). The message names the
 * step, the losses and the largest parameter; the checkpoint on disk is the last good one.
 */
public final class DivergenceException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final long step;

    /**
     * @param step the optimizer step (from 1) at which the run counted as diverged
     * @param message the full message
     */
    public DivergenceException(long step, String message) {
        super(message);
        this.step = step;
    }

    /** The optimizer step (from 1) at which the run counted as diverged. */
    public long step() {
        return step;
    }
}
