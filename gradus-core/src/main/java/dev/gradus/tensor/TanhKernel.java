package dev.gradus.tensor;

/**
 * The hyperbolic tangent of Gradus, one algorithm computed on whole arrays with the Vector API when it is
 * present ({@link VectorTanh}) and element by element otherwise, with the same operations in the same order,
 * so that both give the same bits (and so do any vector width and the scalar tail of a vector loop).
 *
 * <pre>
 *   |x| &lt; 0.625:  tanh x = x + x s P(s) / Q(s),  s = x^2     (Cephes tanh.c, S. L. Moshier)
 *   |x| &ge; 0.625:  tanh x = sign(x) (1 - 2 / (e^(2|x|) + 1)),   and sign(x) once |x| &gt; 22
 *   e^w = 2^n e^r,  n = round(w / ln 2),  r = w - n ln 2 (two-part ln 2, fused multiply-adds),
 *   e^r by its Taylor polynomial of degree 13 (|r| &le; ln 2 / 2, truncation below 5e-18) in Horner form.
 * </pre>
 *
 * <p>Error bound: at most 4e-16 relative to the exact value (tested against {@link StrictMath#tanh} on a dense
 * sweep of [-25, 25] and near the branch points; measured maximum 1.5 ulp). The large branch uses this
 * polynomial exponential instead of {@link Math#exp} because a call cannot be vectorised and a branch per
 * element mispredicts on random inputs; the whole array costs about a tenth of the element-by-element loop
 * with {@code Math.exp}. Signed zeros and NaN pass through.
 */
final class TanhKernel {
    static final double P0 = -9.64399179425052238628E-1, P1 = -9.92877231001918586564E1, P2 = -1.61468768441708447952E3;
    static final double Q0 = 1.12811678491632931402E2, Q1 = 2.23548839060100448583E3, Q2 = 4.84406305325125486048E3;
    /** Below this |x| the rational form is used. */
    static final double SMALL = 0.625;
    /** Above this |x|, tanh x rounds to sign(x). */
    static final double SATURATED = 22;
    static final double LOG2E = 1.4426950408889634;
    /** ln 2 in two parts: the high part has 32 significant bits, so n * LN2_HI is exact for |n| &lt; 2^20. */
    static final double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
    /** 1.5 * 2^52: adding it rounds to an integer, which sits in the low bits of the sum. */
    static final double ROUNDER = 6755399441055744.0;
    /** 1/k! for k = 0..13. */
    static final double[] INV_FACTORIAL = new double[14];

    static {
        double f = 1;
        for (int k = 0; k < INV_FACTORIAL.length; k++) {
            if (k > 0) {
                f *= k;
            }
            INV_FACTORIAL[k] = 1.0 / f;
        }
    }

    private static final boolean VECTOR = vectorLoads();

    private TanhKernel() {}

    /** {@code out[o + i] = tanh(x[from + i])} for {@code i < n}; {@code out} may be {@code x}. */
    static void tanh(double[] x, int from, double[] out, int o, int n) {
        int done = VECTOR ? VectorTanh.tanh(x, from, out, o, n) : 0;
        for (int i = done; i < n; i++) {
            out[o + i] = tanh(x[from + i]);
        }
    }

    /** One value, by the algorithm above. */
    static double tanh(double x) {
        double z = Math.abs(x);
        if (z >= SMALL) {
            if (z > SATURATED) {
                return Math.copySign(1.0, x);
            }
            double r = 1.0 - 2.0 / (exp(z + z) + 1.0);
            return x < 0 ? -r : r;
        }
        if (z == 0) {
            return x; // keeps the sign of zero
        }
        double s = x * x;
        double p = (P0 * s + P1) * s + P2;
        double q = ((s + Q0) * s + Q1) * s + Q2;
        return x + x * s * (p / q);
    }

    /** {@code e^w} for {@code 0 <= w <= 2 * SATURATED}, as {@link VectorTanh} computes it. */
    static double exp(double w) {
        double t = w * LOG2E + ROUNDER;
        double n = t - ROUNDER;
        double r = Math.fma(-n, LN2_HI, w);
        r = Math.fma(-n, LN2_LO, r);
        double e = INV_FACTORIAL[13];
        for (int k = 12; k >= 0; k--) {
            e = Math.fma(e, r, INV_FACTORIAL[k]);
        }
        long bits = Double.doubleToRawLongBits(t) - Double.doubleToRawLongBits(ROUNDER);
        return e * Double.longBitsToDouble((bits + 1023) << 52);
    }

    private static boolean vectorLoads() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return VectorTanh.lanes() > 0;
        } catch (LinkageError e) {
            return false;
        }
    }
}
