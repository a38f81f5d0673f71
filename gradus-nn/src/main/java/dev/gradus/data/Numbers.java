package dev.gradus.data;

/**
 * Strict parsing of numbers in data files.
 *
 * <p>{@link Double#parseDouble} alone is too lenient for data: it accepts {@code NaN}, {@code Infinity},
 * hexadecimal and Java suffixes such as {@code 1d}. A data cell must be a plain decimal number
 * ({@code -1.5}, {@code 3}, {@code 2.5e-3}); anything else is reported to the user with its place.
 */
final class Numbers {
    private Numbers() {}

    /**
     * The value of a plain decimal number, {@link Double#NaN} when {@code s} is not one, and an infinity when
     * it is one that overflows a double.
     */
    static double parse(String s) {
        int n = s.length();
        if (n == 0) {
            return Double.NaN;
        }
        boolean digit = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return Double.NaN;
            }
        }
        if (!digit) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The problem with a cell that {@link #parse} did not accept as a finite number. */
    static String problem(String cell, double parsed) {
        if (cell.isEmpty()) {
            return "empty cell where a number was expected";
        }
        if (Double.isInfinite(parsed)) {
            return "'" + cell + "' is too large for a double";
        }
        return "'" + abbreviate(cell) + "' is not a number";
    }

    /** Shortens long cells in messages. */
    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** The canonical text of a label value: integers without a fraction, others as {@link Double#toString}. */
    static String labelName(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
