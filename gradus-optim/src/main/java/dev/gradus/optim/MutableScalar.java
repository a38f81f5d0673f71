package dev.gradus.optim;

/** A mutable double held in optimizer state (for example a running loss or a line-search step). */
public final class MutableScalar {
    private double value;

    /** A scalar at {@code value}. */
    public MutableScalar(double value) {
        this.value = value;
    }

    /** The current value. */
    public double get() {
        return value;
    }

    /** Sets the value. */
    public void set(double value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return Double.toString(value);
    }
}
