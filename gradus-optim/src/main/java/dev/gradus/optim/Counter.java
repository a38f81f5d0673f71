package dev.gradus.optim;

/** A mutable step counter held in optimizer state. */
public final class Counter {
    private long value;

    /** A counter at zero. */
    public Counter() {}

    /** A counter at {@code value}. */
    public Counter(long value) {
        this.value = value;
    }

    /** The current value. */
    public long get() {
        return value;
    }

    /** Sets the value (used when state is loaded). */
    public void set(long value) {
        this.value = value;
    }

    /** Adds one and returns the new value. */
    public long increment() {
        return ++value;
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
