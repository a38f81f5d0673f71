package dev.gradus.optim.spec;

/**
 * The allowed interval of a numeric hyperparameter, such as {@code [0, 1)} for a momentum coefficient.
 * Checked for constants; a schedule's values are the schedule's responsibility.
 */
public record Range(double lo, boolean loInclusive, double hi, boolean hiInclusive) {

    /** Every value, including infinities. */
    public static final Range ANY = new Range(Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true);

    /** {@code [lo, inf]}. */
    public static Range atLeast(double lo) {
        return new Range(lo, true, Double.POSITIVE_INFINITY, true);
    }

    /** {@code (lo, inf]}. */
    public static Range greaterThan(double lo) {
        return new Range(lo, false, Double.POSITIVE_INFINITY, true);
    }

    /** {@code [lo, hi]}. */
    public static Range closed(double lo, double hi) {
        return new Range(lo, true, hi, true);
    }

    /** {@code [lo, hi)}. */
    public static Range closedOpen(double lo, double hi) {
        return new Range(lo, true, hi, false);
    }

    /** {@code (lo, hi]}, such as a probability that must be positive. */
    public static Range openClosed(double lo, double hi) {
        return new Range(lo, false, hi, true);
    }

    /** {@code (lo, hi)}. */
    public static Range open(double lo, double hi) {
        return new Range(lo, false, hi, false);
    }

    /** True when {@code v} lies in the range; NaN never does. */
    public boolean contains(double v) {
        boolean aboveLo = loInclusive ? v >= lo : v > lo;
        boolean belowHi = hiInclusive ? v <= hi : v < hi;
        return aboveLo && belowHi;
    }

    @Override
    public String toString() {
        return (loInclusive ? "[" : "(") + SpecPrinter.number(lo).replace(".0", "") + ", "
                + SpecPrinter.number(hi).replace(".0", "") + (hiInclusive ? "]" : ")");
    }
}
