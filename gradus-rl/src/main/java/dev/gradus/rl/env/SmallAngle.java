package dev.gradus.rl.env;

/**
 * sin and cos for the small angles of balancing tasks, bit for bit equal to {@link StrictMath#sin} and
 * {@link StrictMath#cos}: for |x| ≤ π/4 fdlibm (which StrictMath follows) evaluates its kernels {@code __kernel_sin}
 * and {@code __kernel_cos} directly, without argument reduction; this class evaluates the same polynomials with the
 * same operations, so the results are identical (a test checks), and falls back to StrictMath beyond π/4. It exists
 * for CartPole's hot loop, where the pole stays within 12° and the dispatch of the general functions is a
 * measurable share of a step.
 */
final class SmallAngle {
    private static final double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03,
            S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08,
            S6 = 1.58969099521155010221e-10;
    private static final double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03,
            C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09,
            C6 = -1.13596475577881948265e-11;

    private SmallAngle() {}

    private static int highWord(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }

    /** sin(x), equal to {@code StrictMath.sin(x)}. */
    static double sin(double x) {
        int ix = highWord(x) & 0x7fffffff;
        if (ix > 0x3fe921fb) {
            return StrictMath.sin(x);
        }
        if (ix < 0x3e400000 && (int) x == 0) {
            return x;
        }
        double z = x * x;
        double v = z * x;
        double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
        return x + v * (S1 + z * r);
    }

    /** cos(x), equal to {@code StrictMath.cos(x)}. */
    static double cos(double x) {
        int ix = highWord(x) & 0x7fffffff;
        if (ix > 0x3fe921fb) {
            return StrictMath.cos(x);
        }
        if (ix < 0x3e400000 && (int) x == 0) {
            return 1.0;
        }
        double z = x * x;
        double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
        if (ix < 0x3FD33333) {
            return 1.0 - (0.5 * z - (z * r - x * 0.0));
        }
        double qx = ix > 0x3fe90000 ? 0.28125 : Double.longBitsToDouble(((long) (ix - 0x00200000)) << 32);
        double hz = 0.5 * z - qx;
        double a = 1.0 - qx;
        return a - (hz - (z * r - x * 0.0));
    }
}
