package dev.gradus.tensor;

/**
 * Elementwise kernels with NumPy broadcasting: arithmetic, transcendental functions, activations,
 * comparisons and selection.
 *
 * <p>Every method has a form with an optional output argument (EJML style): pass {@code null} to
 * allocate the result, or a tensor of the result shape to overwrite it. The output may be one of the
 * operands when that operand already has the result shape (in-place update); writing a given output
 * counts as one modification of it ({@link Tensor#version()}).
 *
 * <p>Speed: the same-shape and one-element (scalar) cases are single plain loops that the JIT vectorises.
 * General broadcasting merges contiguous dimensions, then runs the same loops over the innermost run
 * with precomputed strides; nothing is allocated per element.
 *
 * <p>Comparison masks ({@link #gt}, {@link #eq}, ...) hold 1.0 where the relation holds and 0.0 elsewhere.
 */
public final class Elementwise {
    private Elementwise() {}

    /**
     * A binary operation given as three loops: both operands contiguous ({@code vv}), right operand a scalar
     * ({@code vs}) and left operand a scalar ({@code sv}). Each constant writes its own loops so that every
     * loop is monomorphic and vectorisable.
     */
    enum Op {
        ADD("add") {
            void vv(double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + b[bo + i]; }
            void vs(double[] a, int ao, double s, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + s; }
            void sv(double s, double[] b, int bo, double[] o, int oo, int n) { vs(b, bo, s, o, oo, n); }
        },
        SUB("sub") {
            void vv(double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - b[bo + i]; }
            void vs(double[] a, int ao, double s, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - s; }
            void sv(double s, double[] b, int bo, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = s - b[bo + i]; }
        },
        MUL("mul") {
            void vv(double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * b[bo + i]; }
            void vs(double[] a, int ao, double s, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * s; }
            void sv(double s, double[] b, int bo, double[] o, int oo, int n) { vs(b, bo, s, o, oo, n); }
        },
        DIV("div") {
            void vv(double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / b[bo + i]; }
            void vs(double[] a, int ao, double s, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / s; }
            void sv(double s, double[] b, int bo, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = s / b[bo + i]; }
        },
        POW("pow") {
            void vv(double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = Math.pow(a[ao + i], b[bo + i]); }
            void vs(double[] a, int ao, double s, double[] o, int oo, int n) {
                // Math.pow costs tens of nanoseconds; the common exponents get exact, fast loops.
                if (s == 2) {
                    for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * a[ao + i];
                } else if (s == 1) {
                    System.arraycopy(a, ao, o, oo, n);
                } else if (s == 0.5) {
                    for (int i = 0; i < n; i++) o[oo + i] = Math.sqrt(a[ao + i]);
                } else if (s == -1) {
                    for (int i = 0; i < n; i++) o[oo + i] = 1.0 / a[ao + i];
                } else if (s == 3) {
                    for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * a[ao + i] * a[ao + i];
                } else {
                    for (int i = 0; i < n; i++) o[oo + i] = Math.pow(a[ao + i], s);
                }
            }
            void sv(double s, double[] b, int bo, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = Math.pow(s, b[bo + i]); }
        },
        MINIMUM("minimum") {
            void vv(double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = Math.min(a[ao + i], b[bo + i]); }
            void vs(double[] a, int ao, double s, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = Math.min(a[ao + i], s); }
            void sv(double s, double[] b, int bo, double[] o, int oo, int n) { vs(b, bo, s, o, oo, n); }
        },
        MAXIMUM("maximum") {
            void vv(double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = Math.max(a[ao + i], b[bo + i]); }
            void vs(double[] a, int ao, double s, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = Math.max(a[ao + i], s); }
            void sv(double s, double[] b, int bo, double[] o, int oo, int n) { vs(b, bo, s, o, oo, n); }
        },
        GT("gt") {
            void vv(double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] > b[bo + i] ? 1 : 0; }
            void vs(double[] a, int ao, double s, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] > s ? 1 : 0; }
            void sv(double s, double[] b, int bo, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = s > b[bo + i] ? 1 : 0; }
        },
        GE("ge") {
            void vv(double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] >= b[bo + i] ? 1 : 0; }
            void vs(double[] a, int ao, double s, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] >= s ? 1 : 0; }
            void sv(double s, double[] b, int bo, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = s >= b[bo + i] ? 1 : 0; }
        },
        LT("lt") {
            void vv(double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) { GT.vv(b, bo, a, ao, o, oo, n); }
            void vs(double[] a, int ao, double s, double[] o, int oo, int n) { GT.sv(s, a, ao, o, oo, n); }
            void sv(double s, double[] b, int bo, double[] o, int oo, int n) { GT.vs(b, bo, s, o, oo, n); }
        },
        LE("le") {
            void vv(double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) { GE.vv(b, bo, a, ao, o, oo, n); }
            void vs(double[] a, int ao, double s, double[] o, int oo, int n) { GE.sv(s, a, ao, o, oo, n); }
            void sv(double s, double[] b, int bo, double[] o, int oo, int n) { GE.vs(b, bo, s, o, oo, n); }
        },
        EQ("eq") {
            void vv(double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] == b[bo + i] ? 1 : 0; }
            void vs(double[] a, int ao, double s, double[] o, int oo, int n) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] == s ? 1 : 0; }
            void sv(double s, double[] b, int bo, double[] o, int oo, int n) { vs(b, bo, s, o, oo, n); }
        };

        final String opName;

        Op(String opName) {
            this.opName = opName;
        }

        abstract void vv(double[] a, int ao, double[] b, int bo, double[] o, int oo, int n);

        abstract void vs(double[] a, int ao, double s, double[] o, int oo, int n);

        abstract void sv(double s, double[] b, int bo, double[] o, int oo, int n);
    }

    // ---------------------------------------------------------------- binary, broadcasting

    /** {@code a + b}. */
    public static Tensor add(Tensor a, Tensor b, Tensor out) { return binary(Op.ADD, a, b, out); }

    /** {@code a - b}. */
    public static Tensor sub(Tensor a, Tensor b, Tensor out) { return binary(Op.SUB, a, b, out); }

    /** {@code a * b}. */
    public static Tensor mul(Tensor a, Tensor b, Tensor out) { return binary(Op.MUL, a, b, out); }

    /** {@code a / b}. */
    public static Tensor div(Tensor a, Tensor b, Tensor out) { return binary(Op.DIV, a, b, out); }

    /** {@code a ^ b} ({@link Math#pow}). */
    public static Tensor pow(Tensor a, Tensor b, Tensor out) { return binary(Op.POW, a, b, out); }

    /** The elementwise minimum ({@link Math#min}: NaN wins, -0.0 &lt; 0.0). */
    public static Tensor minimum(Tensor a, Tensor b, Tensor out) { return binary(Op.MINIMUM, a, b, out); }

    /** The elementwise maximum ({@link Math#max}: NaN wins, -0.0 &lt; 0.0). */
    public static Tensor maximum(Tensor a, Tensor b, Tensor out) { return binary(Op.MAXIMUM, a, b, out); }

    /** Mask of {@code a > b}. */
    public static Tensor gt(Tensor a, Tensor b, Tensor out) { return binary(Op.GT, a, b, out); }

    /** Mask of {@code a >= b}. */
    public static Tensor ge(Tensor a, Tensor b, Tensor out) { return binary(Op.GE, a, b, out); }

    /** Mask of {@code a < b}. */
    public static Tensor lt(Tensor a, Tensor b, Tensor out) { return binary(Op.LT, a, b, out); }

    /** Mask of {@code a <= b}. */
    public static Tensor le(Tensor a, Tensor b, Tensor out) { return binary(Op.LE, a, b, out); }

    /** Mask of {@code a == b}. */
    public static Tensor eq(Tensor a, Tensor b, Tensor out) { return binary(Op.EQ, a, b, out); }

    // ---------------------------------------------------------------- tensor with scalar

    /** {@code a + s}. */
    public static Tensor add(Tensor a, double s, Tensor out) { return scalar(Op.ADD, a, s, out); }

    /** {@code a - s}. */
    public static Tensor sub(Tensor a, double s, Tensor out) { return scalar(Op.SUB, a, s, out); }

    /** {@code s - a}. */
    public static Tensor rsub(double s, Tensor a, Tensor out) { return scalarLeft(Op.SUB, s, a, out); }

    /** {@code a * s}. */
    public static Tensor mul(Tensor a, double s, Tensor out) { return scalar(Op.MUL, a, s, out); }

    /** {@code a / s}. */
    public static Tensor div(Tensor a, double s, Tensor out) { return scalar(Op.DIV, a, s, out); }

    /** {@code s / a}. */
    public static Tensor rdiv(double s, Tensor a, Tensor out) { return scalarLeft(Op.DIV, s, a, out); }

    /** {@code a ^ p}; exponents 2, 3, 1, 0.5 and -1 take exact fast loops. */
    public static Tensor pow(Tensor a, double p, Tensor out) { return scalar(Op.POW, a, p, out); }

    /** {@code s ^ a}. */
    public static Tensor rpow(double s, Tensor a, Tensor out) { return scalarLeft(Op.POW, s, a, out); }

    /** {@code min(a, s)}. */
    public static Tensor minimum(Tensor a, double s, Tensor out) { return scalar(Op.MINIMUM, a, s, out); }

    /** {@code max(a, s)}. */
    public static Tensor maximum(Tensor a, double s, Tensor out) { return scalar(Op.MAXIMUM, a, s, out); }

    /** Mask of {@code a > s}. */
    public static Tensor gt(Tensor a, double s, Tensor out) { return scalar(Op.GT, a, s, out); }

    /** Mask of {@code a >= s}. */
    public static Tensor ge(Tensor a, double s, Tensor out) { return scalar(Op.GE, a, s, out); }

    /** Mask of {@code a < s}. */
    public static Tensor lt(Tensor a, double s, Tensor out) { return scalar(Op.LT, a, s, out); }

    /** Mask of {@code a <= s}. */
    public static Tensor le(Tensor a, double s, Tensor out) { return scalar(Op.LE, a, s, out); }

    /** Mask of {@code a == s}. */
    public static Tensor eq(Tensor a, double s, Tensor out) { return scalar(Op.EQ, a, s, out); }

    // ---------------------------------------------------------------- unary

    /** {@code -a}. */
    public static Tensor neg(Tensor a, Tensor out) {
        Tensor r = prepare("neg", out, a);
        double[] x = a.data(), o = r.data();
        for (int i = 0; i < x.length; i++) o[i] = -x[i];
        return r;
    }

    /** {@code e^a}. */
    public static Tensor exp(Tensor a, Tensor out) {
        Tensor r = prepare("exp", out, a);
        double[] x = a.data(), o = r.data();
        for (int i = 0; i < x.length; i++) o[i] = Math.exp(x[i]);
        return r;
    }

    /** The natural logarithm. */
    public static Tensor log(Tensor a, Tensor out) {
        Tensor r = prepare("log", out, a);
        double[] x = a.data(), o = r.data();
        for (int i = 0; i < x.length; i++) o[i] = Math.log(x[i]);
        return r;
    }

    /** The square root. */
    public static Tensor sqrt(Tensor a, Tensor out) {
        Tensor r = prepare("sqrt", out, a);
        double[] x = a.data(), o = r.data();
        for (int i = 0; i < x.length; i++) o[i] = Math.sqrt(x[i]);
        return r;
    }

    /** {@code a * a}. */
    public static Tensor square(Tensor a, Tensor out) {
        Tensor r = prepare("square", out, a);
        double[] x = a.data(), o = r.data();
        for (int i = 0; i < x.length; i++) o[i] = x[i] * x[i];
        return r;
    }

    /** {@code 1 / a}. */
    public static Tensor reciprocal(Tensor a, Tensor out) {
        Tensor r = prepare("reciprocal", out, a);
        double[] x = a.data(), o = r.data();
        for (int i = 0; i < x.length; i++) o[i] = 1.0 / x[i];
        return r;
    }

    /** The absolute value. */
    public static Tensor abs(Tensor a, Tensor out) {
        Tensor r = prepare("abs", out, a);
        double[] x = a.data(), o = r.data();
        for (int i = 0; i < x.length; i++) o[i] = Math.abs(x[i]);
        return r;
    }

    /** The sign: -1, 0 or 1 (NaN stays NaN). */
    public static Tensor sign(Tensor a, Tensor out) {
        Tensor r = prepare("sign", out, a);
        double[] x = a.data(), o = r.data();
        for (int i = 0; i < x.length; i++) o[i] = Math.signum(x[i]) + 0.0; // + 0.0 turns -0.0 into 0.0
        return r;
    }

    /** The hyperbolic tangent. */
    public static Tensor tanh(Tensor a, Tensor out) {
        Tensor r = prepare("tanh", out, a);
        double[] x = a.data(), o = r.data();
        tanh(x, 0, o, 0, x.length);
        return r;
    }

    /** The logistic function {@code 1 / (1 + e^-a)}, computed without overflow for large |a|. */
    public static Tensor sigmoid(Tensor a, Tensor out) {
        Tensor r = prepare("sigmoid", out, a);
        double[] x = a.data(), o = r.data();
        for (int i = 0; i < x.length; i++) o[i] = sigmoid(x[i]);
        return r;
    }

    /** {@code max(a, 0)}. */
    public static Tensor relu(Tensor a, Tensor out) {
        Tensor r = prepare("relu", out, a);
        double[] x = a.data(), o = r.data();
        for (int i = 0; i < x.length; i++) o[i] = x[i] > 0 ? x[i] : 0.0;
        return r;
    }

    /** {@code log(1 + e^a)}, computed as {@code max(a, 0) + log1p(e^-|a|)} so it never overflows. */
    public static Tensor softplus(Tensor a, Tensor out) {
        Tensor r = prepare("softplus", out, a);
        double[] x = a.data(), o = r.data();
        for (int i = 0; i < x.length; i++) o[i] = softplus(x[i]);
        return r;
    }

    /** {@code min(max(a, lo), hi)}. */
    public static Tensor clamp(Tensor a, double lo, double hi, Tensor out) {
        if (lo > hi) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " exceeds upper bound " + hi);
        }
        Tensor r = prepare("clamp", out, a);
        double[] x = a.data(), o = r.data();
        for (int i = 0; i < x.length; i++) o[i] = Math.min(Math.max(x[i], lo), hi);
        return r;
    }

    // The constants of tanh(double), shared with VectorTanh, which must compute the same bits.
    /** 1/ln 2, and ln 2 split as in fdlibm's exp: LN2_HI has 21 trailing zero bits, so k * LN2_HI is exact. */
    static final double TANH_INV_LN2 = 1.44269504088896338700e+00, TANH_LN2_HI = 6.93147180369123816490e-01,
            TANH_LN2_LO = 1.90821492927058770002e-10;
    /** 1.5 * 2^52: adding it rounds a double below 2^51 in magnitude to an integer held in the low bits. */
    static final double TANH_SHIFTER = 0x1.8p52;
    static final long TANH_SHIFTER_BITS = Double.doubleToRawLongBits(TANH_SHIFTER);
    static final long TANH_SIGN = 0x8000000000000000L;
    /** Arguments 2|x| are clamped here: tanh(x) rounds to 1 from |x| = 19.1, and 2^64 stays a normal scale. */
    static final double TANH_SATURATE = 44.0;
    /** The Taylor coefficients 1/j! of e^r - 1 = r + r^2 (C2 + C3 r + ... + C13 r^11). */
    static final double TANH_C2 = 1.0 / 2, TANH_C3 = 1.0 / 6, TANH_C4 = 1.0 / 24, TANH_C5 = 1.0 / 120,
            TANH_C6 = 1.0 / 720, TANH_C7 = 1.0 / 5040, TANH_C8 = 1.0 / 40320, TANH_C9 = 1.0 / 362880,
            TANH_C10 = 1.0 / 3628800, TANH_C11 = 1.0 / 39916800, TANH_C12 = 1.0 / 479001600,
            TANH_C13 = 1.0 / 6227020800.0;

    /**
     * Whether {@link #tanh(double[], int, double[], int, int)} runs whole vectors ({@link VectorTanh}): the Vector
     * API module is present and links; {@link Reductions#sumRows} reads it too.
     */
    static final boolean VECTOR_API = VectorApi.links(() -> VectorTanh.bits() > 0);

    /**
     * One hyperbolic tangent, {@code tanh(x) = m / (m + 2)} with {@code m = e^(2|x|) - 1} and the sign of x,
     * written without branches so that arrays of it run as whole vectors
     * ({@link #tanh(double[], int, double[], int, int)}) with exactly these bits.
     *
     * <p>Algorithm: {@code w = min(2|x|, 44)}; {@code w = k ln2 + r} with k the nearest integer to
     * {@code w / ln2} and {@code |r| <= ln2 / 2} (Cody and Waite's two-part ln 2, so r is exact but for one
     * rounding); {@code e^r - 1 = r + r^2 h(r)} with h the Taylor polynomial of degree 11 (terms to r^13),
     * evaluated by Estrin's scheme with fused multiply-adds; {@code m = fma(2^k, e^r - 1, 2^k - 1)}; then one
     * division. No cancellation: for k = 0, m is e^r - 1 itself, never 1 + something minus 1.
     *
     * <p><b>Error bound: at most 4.5 ulps</b> (measured: at most 2.0 ulps against a 40-digit reference, see
     * {@code TanhAccuracyTest}). With u = 2^-53, a relative error of B u is at most B ulps. The sum of the
     * bounds: r carries one rounding, relative u |r|, which is a relative error of at most 1.2 u in
     * e^r - 1 (none for k = 0, where r = 2|x| exactly); the dropped Taylor terms, below 0.02 u; the Estrin
     * evaluation, 0.5 u for the last fma and at most 0.5 u for the term r^2 h (it is at most 0.19 of the
     * sum); so e^r - 1 is within 2.3 u (1.1 u for k = 0). Forming m adds 0.5 u and, for k = 1 and r near
     * -ln2/2 only, amplifies the error of e^r - 1 by up to 1.41, so m is within 3.8 u (1.1 u for k = 0).
     * tanh is less sensitive than m by the factor {@code 2 / (m + 2)}, at most 0.83 once k >= 1, and
     * {@code m + 2} and the division add 0.5 u each: 0.83 * 3.8 + 1 = 4.2 u for k >= 1, 2.1 u for k = 0.
     *
     * <p>Exact cases: odd symmetry ({@code tanh(-x) == -tanh(x)} bit for bit, signed zeros kept); +-1 exactly
     * from |x| = 19.1 on (where {@code m / (m + 2)} rounds to 1) and at the infinities; tanh(x) = x for
     * |x| below 2^-54; NaN gives NaN.
     *
     * <p>Why not {@link Math#tanh}: it is not an intrinsic here, and about 17 ns a call on the reference
     * machine, against 10 ns for the previous Cephes rational form (whose branch on |x| &lt; 0.625 and
     * {@link Math#exp} keep the JIT from vectorising it) and about 2.5 ns per element for this one in vectors.
     */
    public static double tanh(double x) {
        double z = Math.abs(x);
        double w = Math.min(z + z, TANH_SATURATE);
        double t = Math.fma(w, TANH_INV_LN2, TANH_SHIFTER);
        double nk = -(t - TANH_SHIFTER);
        double r = Math.fma(nk, TANH_LN2_LO, Math.fma(nk, TANH_LN2_HI, w));
        double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
        double b0 = Math.fma(Math.fma(r, TANH_C5, TANH_C4), r2, Math.fma(r, TANH_C3, TANH_C2));
        double b1 = Math.fma(Math.fma(r, TANH_C9, TANH_C8), r2, Math.fma(r, TANH_C7, TANH_C6));
        double b2 = Math.fma(Math.fma(r, TANH_C13, TANH_C12), r2, Math.fma(r, TANH_C11, TANH_C10));
        double h = Math.fma(b2, r8, Math.fma(b1, r4, b0));
        double pm1 = Math.fma(r2, h, r);
        double scale = Double.longBitsToDouble((Double.doubleToRawLongBits(t) - (TANH_SHIFTER_BITS - 1023)) << 52);
        double em = Math.fma(scale, pm1, scale - 1.0);
        double res = em / (em + 2.0);
        return Double.longBitsToDouble(Double.doubleToRawLongBits(res) | (Double.doubleToRawLongBits(x) & TANH_SIGN));
    }

    /**
     * {@code y[yOff + i] = tanh(x[xOff + i])} for {@code i < n}, by {@link #tanh(double)} (the same bits), on
     * whole vectors when the Vector API module is present. {@code x} and {@code y} may be the same array at
     * the same offset (in place).
     */
    public static void tanh(double[] x, int xOff, double[] y, int yOff, int n) {
        java.util.Objects.checkFromIndexSize(xOff, n, x.length);
        java.util.Objects.checkFromIndexSize(yOff, n, y.length);
        int done = VECTOR_API ? VectorTanh.apply(x, xOff, y, yOff, n) : 0;
        for (int i = done; i < n; i++) {
            y[yOff + i] = tanh(x[xOff + i]);
        }
    }

    /**
     * {@code z[i] = tanh(z[i] + bias[i % bias.length])} in place, for a row-major matrix {@code z} with rows of
     * {@code bias.length} elements: a dense layer's bias add and activation in one pass over the array, with
     * the bits of adding the bias ({@code z[i] + bias[j]}) and then {@link #tanh(double)}.
     *
     * @throws IllegalArgumentException when {@code z.length} is not a whole number of rows of the bias length
     */
    public static void tanhOfBiased(double[] z, double[] bias) {
        int cols = bias.length;
        if (cols == 0 ? z.length != 0 : z.length % cols != 0) {
            throw new IllegalArgumentException("tanhOfBiased: a bias of " + cols + " elements for " + z.length
                    + " values: expected rows of the bias length");
        }
        if (cols == 0) {
            return;
        }
        if (VECTOR_API && cols % VectorTanh.lanes() == 0) {
            VectorTanh.applyBiased(z, bias);
            return;
        }
        for (int base = 0; base < z.length; base += cols) {
            for (int j = 0; j < cols; j++) {
                z[base + j] = z[base + j] + bias[j];
            }
        }
        tanh(z, 0, z, 0, z.length);
    }

    /** One logistic value, stable for large |x|. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** One softplus value, stable for large |x|. */
    public static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    // ---------------------------------------------------------------- selection

    /**
     * {@code mask != 0 ? a : b}, broadcasting all three. The mask is usually a comparison result (0/1).
     */
    public static Tensor where(Tensor mask, Tensor a, Tensor b, Tensor out) {
        int[] ms = mask.shapeRef(), as = a.shapeRef(), bs = b.shapeRef();
        int[] os = Shapes.broadcast("where", Shapes.broadcast("where", ms, as), bs);
        Tensor o = prepareShape("where", out, os);
        double[] m = mask.data(), x = a.data(), y = b.data(), od = o.data();
        if (java.util.Arrays.equals(ms, os) && java.util.Arrays.equals(as, os) && java.util.Arrays.equals(bs, os)) {
            for (int i = 0; i < od.length; i++) od[i] = m[i] != 0 ? x[i] : y[i];
            return o;
        }
        int[] mo = Broadcast.offsets(ms, os), ao = Broadcast.offsets(as, os), bo = Broadcast.offsets(bs, os);
        for (int i = 0; i < od.length; i++) od[i] = m[mo[i]] != 0 ? x[ao[i]] : y[bo[i]];
        return o;
    }

    // ---------------------------------------------------------------- machinery

    static Tensor binary(Op op, Tensor a, Tensor b, Tensor out) {
        double[] ad = a.data(), bd = b.data();
        int[] as = a.shapeRef(), bs = b.shapeRef();
        if (java.util.Arrays.equals(as, bs)) {
            Tensor o = prepareShape(op.opName, out, as);
            op.vv(ad, 0, bd, 0, o.data(), 0, ad.length);
            return o;
        }
        if (bd.length == 1 && as.length >= bs.length) {
            Tensor o = prepareShape(op.opName, out, as);
            op.vs(ad, 0, bd[0], o.data(), 0, ad.length);
            return o;
        }
        if (ad.length == 1 && bs.length >= as.length) {
            Tensor o = prepareShape(op.opName, out, bs);
            op.sv(ad[0], bd, 0, o.data(), 0, bd.length);
            return o;
        }
        if (bd.length > 0 && isSuffix(bs, as)) { // bias-like [..., n] op [n]: rows of a against all of b, no index machinery
            Tensor o = prepareShape(op.opName, out, as);
            double[] od = o.data();
            for (int off = 0; off < ad.length; off += bd.length) op.vv(ad, off, bd, 0, od, off, bd.length);
            return o;
        }
        if (ad.length > 0 && isSuffix(as, bs)) {
            Tensor o = prepareShape(op.opName, out, bs);
            double[] od = o.data();
            for (int off = 0; off < bd.length; off += ad.length) op.vv(ad, 0, bd, off, od, off, ad.length);
            return o;
        }
        int[] os = Shapes.broadcast(op.opName, as, bs);
        Tensor o = prepareShape(op.opName, out, os);
        broadcastLoop(op, ad, Shapes.broadcastStrides(as, os), bd, Shapes.broadcastStrides(bs, os), o.data(), os);
        return o;
    }

    /**
     * Runs {@code op} over the output in runs of its innermost merged dimension. Dimensions where both
     * inputs are contiguous (or both broadcast) are merged first, so {@code [32, 16] + [16]} becomes 32
     * contiguous runs of 16 and {@code [8, 4, 5] + [8, 1, 5]} keeps three dimensions.
     */
    private static void broadcastLoop(Op op, double[] ad, int[] sa0, double[] bd, int[] sb0, double[] od, int[] os) {
        int r = os.length;
        int[] dims = new int[r], sa = new int[r], sb = new int[r];
        int m = 0; // merged dimensions, innermost first
        for (int d = r - 1; d >= 0; d--) {
            int n = os[d];
            if (n == 1) {
                continue;
            }
            if (m > 0 && sa0[d] == sa[m - 1] * dims[m - 1] && sb0[d] == sb[m - 1] * dims[m - 1]) {
                dims[m - 1] *= n;
            } else {
                dims[m] = n;
                sa[m] = sa0[d];
                sb[m] = sb0[d];
                m++;
            }
        }
        if (m == 0) {
            op.vv(ad, 0, bd, 0, od, 0, 1);
            return;
        }
        int inner = dims[0];
        boolean aRun = sa[0] != 0, bRun = sb[0] != 0;
        int[] idx = new int[m];
        int ao = 0, bo = 0;
        for (int oo = 0; oo < od.length; oo += inner) {
            if (aRun && bRun) {
                op.vv(ad, ao, bd, bo, od, oo, inner);
            } else if (aRun) {
                op.vs(ad, ao, bd[bo], od, oo, inner);
            } else {
                op.sv(ad[ao], bd, bo, od, oo, inner);
            }
            for (int d = 1; d < m; d++) {
                ao += sa[d];
                bo += sb[d];
                if (++idx[d] < dims[d]) {
                    break;
                }
                ao -= sa[d] * dims[d];
                bo -= sb[d] * dims[d];
                idx[d] = 0;
            }
        }
    }

    /** True when {@code s} has rank 1 or more, is shorter than {@code full} and equals its trailing dimensions. */
    private static boolean isSuffix(int[] s, int[] full) {
        int shift = full.length - s.length;
        if (s.length == 0 || shift <= 0) return false;
        for (int i = 0; i < s.length; i++) {
            if (s[i] != full[shift + i]) return false;
        }
        return true;
    }

    private static Tensor scalar(Op op, Tensor a, double s, Tensor out) {
        Tensor o = prepareShape(op.opName, out, a.shapeRef());
        op.vs(a.data(), 0, s, o.data(), 0, a.size());
        return o;
    }

    private static Tensor scalarLeft(Op op, double s, Tensor a, Tensor out) {
        Tensor o = prepareShape(op.opName, out, a.shapeRef());
        op.sv(s, a.data(), 0, o.data(), 0, a.size());
        return o;
    }

    /** The output tensor for a result of {@code like}'s shape: {@code out} after a shape check, or a new one. */
    private static Tensor prepare(String op, Tensor out, Tensor like) {
        return prepareShape(op, out, like.shapeRef());
    }

    static Tensor prepareShape(String op, Tensor out, int[] shape) {
        if (out == null) {
            return Tensor.wrap(new double[Math.toIntExact(Shapes.checkedSize(op, shape))], shape.clone());
        }
        if (!java.util.Arrays.equals(out.shapeRef(), shape)) {
            throw new IllegalArgumentException(op + ": output has shape " + Shapes.str(out.shapeRef())
                    + ", expected " + Shapes.str(shape));
        }
        out.markModified(); // every kernel that writes a caller's tensor gets it here
        return out;
    }
}
