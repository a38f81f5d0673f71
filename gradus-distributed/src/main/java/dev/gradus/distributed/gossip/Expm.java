package dev.gradus.distributed.gossip;

/**
 * The exponential of a small dense matrix by scaling and squaring: {@code exp(A) = exp(A / 2^k)^(2^k)} with
 * {@code ||A / 2^k||_1 <= 1/2} and a Taylor series of 20 terms, far below float64 rounding at that norm
 * ({@code 0.5^21 / 21! < 1e-25}).
 */
final class Expm {
    private Expm() {}

    /** {@code exp(a)} for a square row-major {@code n x n} matrix. */
    static double[] of(double[] a, int n) {
        double norm = 0;
        for (int c = 0; c < n; c++) {
            double col = 0;
            for (int r = 0; r < n; r++) {
                col += Math.abs(a[r * n + c]);
            }
            norm = Math.max(norm, col);
        }
        int k = norm <= 0.5 ? 0 : (int) Math.ceil(Math.log(norm / 0.5) / Math.log(2));
        double scale = Math.scalb(1.0, -k);
        double[] x = new double[n * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = a[i] * scale;
        }
        double[] result = identity(n);
        double[] term = identity(n);
        for (int j = 1; j <= 20; j++) {
            term = multiply(term, x, n);
            double inv = 1.0 / j;
            for (int i = 0; i < term.length; i++) {
                term[i] *= inv;
                result[i] += term[i];
            }
        }
        for (int s = 0; s < k; s++) {
            result = multiply(result, result, n);
        }
        return result;
    }

    private static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            e[i * n + i] = 1;
        }
        return e;
    }

    static double[] multiply(double[] a, double[] b, int n) {
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
