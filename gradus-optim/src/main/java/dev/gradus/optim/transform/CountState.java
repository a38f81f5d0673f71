package dev.gradus.optim.transform;

import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;

/**
 * The state of a transform that keeps nothing but its step counter, which its schedules read (for
 * example {@code scale_by_learning_rate} with a cosine learning rate).
 */
public record CountState(Counter count) implements Counted {
    /** A counter at zero. */
    public CountState() {
        this(new Counter());
    }
}
