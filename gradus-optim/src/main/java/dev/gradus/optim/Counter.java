package dev.gradus.optim;

import dev.gradus.tensor.StateLeaf;
import dev.gradus.tensor.io.Safetensors;

/** A mutable step counter held in optimizer state; saved as an {@code I64} scalar. */
public final class Counter implements StateLeaf {
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
    public Counter copy() {
        return new Counter(value);
    }

    @Override
    public void restore(StateLeaf source) {
        if (!(source instanceof Counter c)) {
            throw new IllegalArgumentException("restore: a counter cannot take the value of a "
                    + source.getClass().getSimpleName());
        }
        value = c.value;
    }

    @Override
    public Safetensors.Entry encode(String name) {
        return Safetensors.i64(name, new long[] {value});
    }

    @Override
    public Counter decode(Safetensors.Entry entry) {
        if (entry.dtype() != Safetensors.DType.I64 || entry.shape().length != 0) {
            throw StateLeaf.mismatch("I64[]", entry);
        }
        return new Counter(entry.toLongs()[0]);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
