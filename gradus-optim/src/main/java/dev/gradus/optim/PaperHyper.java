package dev.gradus.optim;

/**
 * Range checks for the hyperparameters of the paper optimizers, so that a bad value is refused when it
 * is set, with a message naming the optimizer, the hyperparameter and the allowed range.
 */
final class PaperHyper {

    /** The largest double below 1: the upper bound of a half-open range [lo, 1). */
    static final double BELOW_ONE = Math.nextDown(1.0);

    private PaperHyper() {}

    /** A constant schedule of {@code value} after checking lo ≤ value ≤ hi (NaN is refused). */
    static Schedule constant(String optimizer, String name, double value, double lo, double hi) {
        check(optimizer, name, value, lo, hi);
        return Schedule.constant(value);
    }

    /** Checks lo ≤ value ≤ hi and returns value. */
    static double check(String optimizer, String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(optimizer + ": " + name + "=" + value + " is out of range; allowed "
                    + range(lo, hi));
        }
        return value;
    }

    /** Checks value ≥ lo for an integer hyperparameter. */
    static int check(String optimizer, String name, int value, int lo) {
        if (value < lo) {
            throw new IllegalArgumentException(optimizer + ": " + name + "=" + value + " is out of range; allowed >= "
                    + lo);
        }
        return value;
    }

    private static String range(double lo, double hi) {
        if (hi == BELOW_ONE) {
            return "[" + lo + ", 1)";
        }
        if (hi == Double.POSITIVE_INFINITY) {
            return ">= " + lo;
        }
        return "[" + lo + ", " + hi + "]";
    }
}
