package dev.gradus.optim.spec;

import java.math.BigDecimal;

/**
 * Prints a {@link SpecValue} in canonical form: {@code name(arg, key=value)}, one space after each
 * comma, strings in double quotes, booleans in lower case, and floating-point numbers the way Python's
 * {@code repr} prints them ({@code 0.001}, {@code 1e-08}, {@code 0.0}), so that a spec written by
 * PyTorch tooling reads back unchanged. Integers print without a decimal point. The shortest digits
 * that read back to the same double are used, so {@code parse(print(v))} equals {@code v}.
 */
public final class SpecPrinter {
    private SpecPrinter() {}

    /** The canonical text of {@code value}. */
    public static String print(SpecValue value) {
        StringBuilder sb = new StringBuilder();
        print(value, sb);
        return sb.toString();
    }

    private static void print(SpecValue value, StringBuilder sb) {
        switch (value) {
            case SpecValue.Num n -> sb.append(number(n.value()));
            case SpecValue.Int n -> sb.append(n.value());
            case SpecValue.Bool b -> sb.append(b.value());
            case SpecValue.Str s -> {
                sb.append('"');
                for (int k = 0; k < s.value().length(); k++) {
                    char c = s.value().charAt(k);
                    if (c == '"' || c == '\\') {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
                sb.append('"');
            }
            case SpecValue.Tuple t -> {
                sb.append('(');
                for (int k = 0; k < t.items().size(); k++) {
                    if (k > 0) {
                        sb.append(", ");
                    }
                    print(t.items().get(k), sb);
                }
                if (t.items().size() == 1) {
                    sb.append(',');
                }
                sb.append(')');
            }
            case SpecValue.Call c -> {
                sb.append(c.name()).append('(');
                boolean first = true;
                for (SpecValue a : c.args()) {
                    if (!first) {
                        sb.append(", ");
                    }
                    first = false;
                    print(a, sb);
                }
                for (SpecValue.Kwarg k : c.kwargs()) {
                    if (!first) {
                        sb.append(", ");
                    }
                    first = false;
                    sb.append(k.name()).append('=');
                    print(k.value(), sb);
                }
                sb.append(')');
            }
        }
    }

    /** A double as Python's {@code repr} prints it: {@code 0.001}, {@code 1e-08}, {@code 1e+16}, {@code 2.0}. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (Double.doubleToRawLongBits(v) < 0) ? "-0.0" : "0.0";
        }
        // Double.toString gives the shortest round-tripping digits (JDK 19+); BigDecimal splits them.
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale(); // value = d.ddd x 10^exp
        StringBuilder sb = new StringBuilder(v < 0 ? "-" : "");
        if (exp >= -4 && exp < 16) {
            if (exp >= 0) {
                if (digits.length() <= exp + 1) {
                    sb.append(digits).append("0".repeat(exp + 1 - digits.length())).append(".0");
                } else {
                    sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
                }
            } else {
                sb.append("0.").append("0".repeat(-exp - 1)).append(digits);
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                sb.append('0');
            }
            sb.append(a);
        }
        return sb.toString();
    }
}
