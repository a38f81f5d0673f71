package dev.gradus.optim;

/**
 * What a caller can give a {@link GradientTransformation} through its {@link StepContext}, beyond the
 * gradient at the current parameters (which every caller gives).
 *
 * <p>A transformation lists what it needs in {@link GradientTransformation#requirements()}; the caller checks
 * the list against what it offers before the first step ({@link Requirement#check}), so a missing capability
 * is an error when training is set up, never in the middle of a step.
 */
public enum Capability {
    /** The loss at any point: {@link StepContext#lossAt}. Zeroth-order methods need only this. */
    LOSS("the loss at any point"),
    /** The loss and its gradient at any point: {@link StepContext#gradientAt} (SAM's ascent, line searches). */
    GRADIENT("the loss and its gradient at any point"),
    /** Hessian-vector products at any point: {@link StepContext#hvp}. */
    HVP("Hessian-vector products at any point"),
    /** Per-example gradients, their norms and weighted sums at the current point: {@link StepContext#perSample}. */
    PER_SAMPLE("per-example gradients and their norms"),
    /** A random stream of the step's own, reproducible from the run's seed: {@link StepContext#random}. */
    RANDOM("a seeded random stream for the step");

    private final String description;

    Capability(String description) {
        this.description = description;
    }

    /** What the capability gives, in words, for error messages and {@code gradus optim list}. */
    public String description() {
        return description;
    }
}
