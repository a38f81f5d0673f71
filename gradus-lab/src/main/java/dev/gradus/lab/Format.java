package dev.gradus.lab;

import java.math.BigDecimal;
import java.util.Locale;

/** How numbers read in criteria, the report and the console: short, exact for integers, never locale-dependent. */
public final class Format {
    private Format() {}

    /**
     * A number for people: integers below a million in full ({@code 308}), others with four significant digits, in
     * plain notation from 1e-3 to 1e6 ({@code 0.0521}, {@code -1.934}) and scientific outside it ({@code 2.1e-10},
     * {@code 1e8}).
     */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            return new BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
        }
        String s = String.format(Locale.ROOT, "%.3e", v); // e.g. 2.100e-10
        int e = s.indexOf('e');
        String mantissa = new BigDecimal(s.substring(0, e)).stripTrailingZeros().toPlainString();
        int exponent = Integer.parseInt(s.substring(e + 1));
        return mantissa + "e" + exponent;
    }

    /** Seconds with one decimal, for timings. */
    public static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }
}
