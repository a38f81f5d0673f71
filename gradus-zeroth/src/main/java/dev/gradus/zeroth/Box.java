package dev.gradus.zeroth;

import java.util.Arrays;

/**
 * The search box of a problem: where methods draw their first candidates, and the bounds that methods with
 * bounded variation (NSGA-II's operators) respect.
 *
 * @param lower the lower bound of each coordinate
 * @param upper the upper bound of each coordinate, strictly above the lower one
 */
public record Box(double[] lower, double[] upper) {

    /** Checks the bounds. */
    public Box {
        if (lower.length != upper.length || lower.length == 0) {
            throw new IllegalArgumentException("Box: lower and upper need the same positive length, got "
                    + lower.length + " and " + upper.length);
        }
        for (int i = 0; i < lower.length; i++) {
            if (!(lower[i] < upper[i]) || !Double.isFinite(lower[i]) || !Double.isFinite(upper[i])) {
                throw new IllegalArgumentException("Box: coordinate " + i + " needs finite lower < upper, got ["
                        + lower[i] + ", " + upper[i] + "]");
            }
        }
        lower = lower.clone();
        upper = upper.clone();
    }

    /** The cube {@code [lo, hi]^d}. */
    public static Box cube(int d, double lo, double hi) {
        double[] l = new double[d];
        double[] u = new double[d];
        Arrays.fill(l, lo);
        Arrays.fill(u, hi);
        return new Box(l, u);
    }

    /** The number of coordinates. */
    public int dimension() {
        return lower.length;
    }

    /** The mean width of the box over its coordinates. */
    public double meanWidth() {
        double s = 0;
        for (int i = 0; i < lower.length; i++) {
            s += upper[i] - lower[i];
        }
        return s / lower.length;
    }

    /** The centre of the box. */
    public double[] centre() {
        double[] c = new double[lower.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = 0.5 * (lower[i] + upper[i]);
        }
        return c;
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    /** The lower bound of coordinate {@code i}. */
    public double lower(int i) {
        return lower[i];
    }

    /** The upper bound of coordinate {@code i}. */
    public double upper(int i) {
        return upper[i];
    }
}
