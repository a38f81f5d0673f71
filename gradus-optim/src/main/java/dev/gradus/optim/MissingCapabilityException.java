package dev.gradus.optim;

/**
 * A transformation needs something its caller cannot give (see {@link Requirement#check}). Thrown when
 * training is set up, or by a {@link StepContext} asked for a capability it does not offer.
 */
public final class MissingCapabilityException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** With the full message: who needs what, and what the caller offers. */
    public MissingCapabilityException(String message) {
        super(message);
    }
}
