package dev.gradus.tensor;

/**
 * The exponential {@code e^A} of a square matrix by scaling and squaring with the degree-13 Padé approximant
 * (N. J. Higham, "The scaling and squaring method for the matrix exponential revisited", SIAM J. Matrix Anal.
 * Appl. 26(4), 2005, Algorithm 2.3, the branch {@code m = 13} that it takes for all but small norms):
 * <pre>
 *   s = max(0, ceil(log2(‖A‖₁ / θ₁₃))),  θ₁₃ = 5.371920351148152,  B = A / 2^s
 *   U = B [B⁶(b₁₃B⁶ + b₁₁B⁴ + b₉B²) + b₇B⁶ + b₅B⁴ + b₃B² + b₁I]
 *   V =    B⁶(b₁₂B⁶ + b₁₀B⁴ + b₈B²) + b₆B⁶ + b₄B⁴ + b₂B² + b₀I
 *   r₁₃(B) = (V − U)⁻¹ (V + U),   e^A = r₁₃(B)^(2^s)
 * </pre>
 * with Higham's Padé coefficients {@code b₀..b₁₃}. Using degree 13 for small norms too costs a few extra
 * products and loses no accuracy (its backward error bound holds for every {@code ‖B‖₁ ≤ θ₁₃}). This is
 * scipy's {@code expm} for {@code ‖A‖₁ > 2.1}; NOTEARS' acyclicity {@code tr(e^{W∘W}) − d} and DADAO's
 * continuous-time gossip use it.
 */
public final class MatrixExponential {
    private static final double THETA_13 = 5.371920351148152;
    private static final double[] B = {64764752532480000.0, 32382376266240000.0, 7771770303897600.0,
        1187353796428800.0, 129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
        40840800.0, 960960.0, 16380.0, 182.0, 1.0};

    private MatrixExponential() {}

    /** {@code e^a} for a square {@code [n, n]} tensor; {@code a} is not modified. */
    public static Tensor of(Tensor a) {
        int[] s = a.shape();
        if (s.length != 2 || s[0] != s[1]) {
            throw new IllegalArgumentException("MatrixExponential.of: expected a square matrix, got shape "
                    + java.util.Arrays.toString(s));
        }
        return Tensor.of(of(a.data(), s[0]), s[0], s[0]);
    }

    /** {@code e^a} for a square row-major {@code n x n} array; {@code a} is not modified. */
    public static double[] of(double[] a, int n) {
        if (a.length != n * n) {
            throw new IllegalArgumentException("MatrixExponential.of: array of length " + a.length
                    + " is not " + n + " x " + n);
        }
        for (double v : a) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("MatrixExponential.of: the matrix has a non-finite entry " + v);
            }
        }
        if (n == 0) {
            return new double[0];
        }
        double norm = norm1(a, n);
        int squarings = norm <= THETA_13 ? 0 : (int) Math.ceil(Math.log(norm / THETA_13) / Math.log(2));
        double scale = Math.scalb(1.0, -squarings);
        double[] b1 = new double[n * n];
        for (int i = 0; i < b1.length; i++) {
            b1[i] = a[i] * scale;
        }
        double[] b2 = multiply(b1, b1, n);
        double[] b4 = multiply(b2, b2, n);
        double[] b6 = multiply(b4, b2, n);
        double[] inner = new double[n * n];
        double[] outer = new double[n * n];
        for (int i = 0; i < inner.length; i++) {
            inner[i] = B[13] * b6[i] + B[11] * b4[i] + B[9] * b2[i];
            outer[i] = B[7] * b6[i] + B[5] * b4[i] + B[3] * b2[i];
        }
        double[] u = multiply(b6, inner, n);
        for (int i = 0; i < u.length; i++) {
            u[i] += outer[i];
        }
        addIdentity(u, B[1], n);
        u = multiply(b1, u, n);
        for (int i = 0; i < inner.length; i++) {
            inner[i] = B[12] * b6[i] + B[10] * b4[i] + B[8] * b2[i];
            outer[i] = B[6] * b6[i] + B[4] * b4[i] + B[2] * b2[i];
        }
        double[] v = multiply(b6, inner, n);
        for (int i = 0; i < v.length; i++) {
            v[i] += outer[i];
        }
        addIdentity(v, B[0], n);
        double[] p = new double[n * n];
        double[] q = new double[n * n];
        for (int i = 0; i < p.length; i++) {
            p[i] = v[i] + u[i];
            q[i] = v[i] - u[i];
        }
        double[] r = solve(q, p, n);
        for (int k = 0; k < squarings; k++) {
            r = multiply(r, r, n);
        }
        return r;
    }

    /** Solves {@code Q R = P} by Gaussian elimination with partial pivoting ({@code V − U} is well conditioned). */
    private static double[] solve(double[] q, double[] p, int n) {
        double[] a = q.clone();
        double[] x = p.clone();
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r * n + c]) > Math.abs(a[piv * n + c])) {
                    piv = r;
                }
            }
            if (a[piv * n + c] == 0) {
                throw new IllegalStateException("MatrixExponential: singular Padé denominator at column " + c);
            }
            if (piv != c) {
                swapRows(a, piv, c, n);
                swapRows(x, piv, c, n);
            }
            double inv = 1 / a[c * n + c];
            for (int r = c + 1; r < n; r++) {
                double f = a[r * n + c] * inv;
                if (f == 0) {
                    continue;
                }
                for (int k = c; k < n; k++) {
                    a[r * n + k] -= f * a[c * n + k];
                }
                for (int k = 0; k < n; k++) {
                    x[r * n + k] -= f * x[c * n + k];
                }
            }
        }
        for (int r = n - 1; r >= 0; r--) {
            for (int k = r + 1; k < n; k++) {
                double f = a[r * n + k];
                if (f != 0) {
                    for (int j = 0; j < n; j++) {
                        x[r * n + j] -= f * x[k * n + j];
                    }
                }
            }
            double pivot = a[r * n + r];
            for (int j = 0; j < n; j++) {
                x[r * n + j] /= pivot;
            }
        }
        return x;
    }

    private static void swapRows(double[] m, int r1, int r2, int n) {
        for (int k = 0; k < n; k++) {
            double t = m[r1 * n + k];
            m[r1 * n + k] = m[r2 * n + k];
            m[r2 * n + k] = t;
        }
    }

    private static double norm1(double[] a, int n) {
        double norm = 0;
        for (int c = 0; c < n; c++) {
            double col = 0;
            for (int r = 0; r < n; r++) {
                col += Math.abs(a[r * n + c]);
            }
            norm = Math.max(norm, col);
        }
        return norm;
    }

    private static void addIdentity(double[] m, double c, int n) {
        for (int i = 0; i < n; i++) {
            m[i * n + i] += c;
        }
    }

    private static double[] multiply(double[] a, double[] b, int n) {
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aik * b[k * n + j];
                }
            }
        }
        return c;
    }
}
