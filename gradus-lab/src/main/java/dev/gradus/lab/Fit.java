package dev.gradus.lab;

/**
 * Least-squares fits that experiments use to turn curves into numbers: slopes on linear, semi-log and log-log
 * axes. Points that the transform cannot take (non-finite, or {@code <= 0} under a log) are skipped; a fit with
 * fewer than two usable points, or with all x equal, is NaN, which criteria read as "cannot decide".
 */
public final class Fit {
    private Fit() {}

    /** The least-squares slope of y against x over indices [from, to). */
    public static double slope(double[] x, double[] y, int from, int to) {
        return fit(x, y, from, to, false, false);
    }

    /** The slope of ln y against x over [from, to): minus the linear convergence rate per unit of x. */
    public static double semiLogSlope(double[] x, double[] y, int from, int to) {
        return fit(x, y, from, to, false, true);
    }

    /** The slope of ln y against ln x over [from, to): the exponent p of y ~ x^p. */
    public static double logLogSlope(double[] x, double[] y, int from, int to) {
        return fit(x, y, from, to, true, true);
    }

    private static double fit(double[] x, double[] y, int from, int to, boolean logX, boolean logY) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("Fit: x has " + x.length + " values but y has " + y.length);
        }
        if (from < 0 || to > x.length || from > to) {
            throw new IllegalArgumentException("Fit: range [" + from + ", " + to + ") is outside [0, " + x.length + ")");
        }
        // Two passes (means, then centred sums) keep the fit accurate when x is large and its range small.
        int n = 0;
        double mx = 0;
        double my = 0;
        for (int i = from; i < to; i++) {
            double u = logX ? Math.log(x[i]) : x[i];
            double v = logY ? Math.log(y[i]) : y[i];
            if (Double.isFinite(u) && Double.isFinite(v)) {
                n++;
                mx += u;
                my += v;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double sxy = 0;
        for (int i = from; i < to; i++) {
            double u = logX ? Math.log(x[i]) : x[i];
            double v = logY ? Math.log(y[i]) : y[i];
            if (Double.isFinite(u) && Double.isFinite(v)) {
                sxx += (u - mx) * (u - mx);
                sxy += (u - mx) * (v - my);
            }
        }
        return sxx > 0 ? sxy / sxx : Double.NaN;
    }
}
