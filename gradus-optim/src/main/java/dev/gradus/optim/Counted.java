package dev.gradus.optim;

/**
 * A state record with a step counter, conventionally its first component {@code Counter count}: the
 * number of updates done. Schedules of the transformation are evaluated at this count (0 for the first
 * update), so a loaded state resumes its schedules exactly where they were.
 */
public interface Counted extends OptState {
    /** The number of updates done so far. */
    Counter count();
}
