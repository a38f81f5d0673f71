package dev.gradus.privacy.accounting;

/**
 * Log-space arithmetic for the accountants: {@code log(e^a + e^b)}, {@code log(e^a - e^b)} that refuses a negative
 * result (as Opacus does) instead of returning NaN, and a {@code log erfc} that stays finite far into the tail where
 * {@code erfc} itself underflows.
 */
final class LogMath {
    private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    /** Terms of the erfc continued fraction; at x = 2 it has converged to double precision well before this. */
    private static final int FRACTION_TERMS = 400;

    private LogMath() {}

    /** {@code log(e^a + e^b)}, exact for infinite arguments. */
    static double logAdd(double a, double b) {
        double hi = Math.max(a, b);
        double lo = Math.min(a, b);
        if (lo == Double.NEGATIVE_INFINITY) {
            return hi;
        }
        return Math.log1p(Math.exp(lo - hi)) + hi;
    }

    /**
     * {@code log(e^a - e^b)}.
     *
     * @throws ArithmeticException when {@code b > a}: the difference would be negative, which in an accountant means
     *     rounding has broken the computation and no epsilon can be trusted
     */
    static double logSub(double a, double b) {
        if (a < b) {
            throw new ArithmeticException("log-space subtraction: log(e^" + a + " - e^" + b + ") would be the log of a"
                    + " negative number; the accountant's series lost precision here");
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        if (a == b) {
            return Double.NEGATIVE_INFINITY;
        }
        double d = Math.expm1(a - b);
        // e^(a-b) - 1 overflows only when b is negligible against a
        return Double.isInfinite(d) ? a : Math.log(d) + b;
    }

    /** {@code log erfc(x)} for any finite {@code x}: relative accuracy about 1e-14 and no underflow for large x. */
    static double logErfc(double x) {
        if (x < 2) {
            return Math.log(x < 0 ? 2 - erfcTail(-x) : 1 - erf(x));
        }
        return -x * x - LOG_SQRT_PI + Math.log(fraction(x));
    }

    /** {@code erfc(x)} for {@code x >= 0}. */
    private static double erfcTail(double x) {
        return x < 2 ? 1 - erf(x) : Math.exp(-x * x) / Math.sqrt(Math.PI) * fraction(x);
    }

    /**
     * {@code erf(x)} for {@code 0 <= x < 2} from the series {@code (2x/√π) e^{-x²} Σ (2x²)^n / (1·3···(2n+1))}, whose
     * terms are all positive, so nothing cancels.
     */
    private static double erf(double x) {
        double twoX2 = 2 * x * x;
        double term = 1;
        double sum = 1;
        for (int n = 1; term > 1e-17 * sum; n++) {
            term *= twoX2 / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * x * Math.exp(-x * x) * sum;
    }

    /**
     * {@code √π e^{x²} erfc(x)} for {@code x >= 2} from the continued fraction
     * {@code 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))}, evaluated from the back.
     */
    private static double fraction(double x) {
        double t = x;
        for (int n = FRACTION_TERMS; n >= 1; n--) {
            t = x + 0.5 * n / t;
        }
        return 1 / t;
    }
}
