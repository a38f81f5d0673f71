package dev.gradus.optim;

/**
 * A hyperparameter as a pure function of the step counter held in optimizer state. Because the value
 * is recomputed from the saved counter, a resumed run sees exactly the values an uninterrupted run
 * would.
 *
 * <p>The schedules in {@link dev.gradus.optim.schedule.Schedules} also have a spec form
 * ({@code cosine(init=0.1, steps=1000)}); a lambda works anywhere but cannot be printed or saved as a spec.
 */
@FunctionalInterface
public interface Schedule {
    /** The value at {@code step} (0 for the first update). */
    double at(long step);

    /** A schedule that always returns {@code value}. */
    static Schedule constant(double value) {
        return new dev.gradus.optim.schedule.ConstantSchedule(value);
    }
}
