package dev.gradus.privacy.accounting;

/**
 * The FFT of a real sequence of even length n through one complex {@link Fft} of length n/2: the even and odd
 * samples are packed as real and imaginary parts, transformed, and separated with
 * {@code X_k = E_k + e^{-2πik/n} O_k}, {@code E_k = (Z_k + conj Z_{n/2−k})/2}, {@code O_k = (Z_k − conj Z_{n/2−k})/(2i)}.
 * Only {@code X_0 .. X_{n/2}} are kept: the rest is their conjugate mirror. Half the time and memory of a complex
 * transform, which is what composing privacy-loss distributions (real probabilities) needs.
 */
final class RealFft {
    private final int n;
    private final Fft half;
    private final double[] cos;
    private final double[] sin;

    /**
     * A transform of real sequences of length {@code n}.
     *
     * @throws IllegalArgumentException when {@code n} is not a power of two of at least 4
     */
    RealFft(int n) {
        if (n < 4 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("real FFT: length " + n + " is not a power of two of at least 4");
        }
        this.n = n;
        cos = new double[n / 2 + 1];
        sin = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            double a = -2 * Math.PI * k / n;
            cos[k] = Math.cos(a);
            sin[k] = Math.sin(a);
        }
        half = new Fft(n / 2, cos, sin, 2);
    }

    /** The length of the real sequences. */
    int length() {
        return n;
    }

    /**
     * {@code X_k = Σ_j x_j e^{-2πi jk/n}} for {@code k = 0 .. n/2}, into {@code re}, {@code im} (length n/2 + 1).
     * {@code x} is left unchanged.
     */
    void forward(double[] x, double[] re, double[] im) {
        int m = n / 2;
        double[] zr = new double[m];
        double[] zi = new double[m];
        for (int k = 0; k < m; k++) {
            zr[k] = x[2 * k];
            zi[k] = x[2 * k + 1];
        }
        half.forward(zr, zi);
        for (int k = 0; k <= m; k++) {
            int a = k % m;
            int b = (m - k) % m;
            double er = 0.5 * (zr[a] + zr[b]);
            double ei = 0.5 * (zi[a] - zi[b]);
            double or = 0.5 * (zi[a] + zi[b]); // (Z_k − conj Z_{m−k}) / (2i)
            double oi = -0.5 * (zr[a] - zr[b]);
            re[k] = er + cos[k] * or - sin[k] * oi;
            im[k] = ei + cos[k] * oi + sin[k] * or;
        }
    }

    /**
     * The real sequence of length n whose transform is the Hermitian spectrum with {@code X_0 .. X_{n/2}} in
     * {@code re}, {@code im}; the inverse of {@link #forward}.
     */
    double[] inverse(double[] re, double[] im) {
        int m = n / 2;
        double[] zr = new double[m];
        double[] zi = new double[m];
        for (int k = 0; k < m; k++) {
            // E_k = (X_k + conj X_{m−k})/2, O_k = (X_k − conj X_{m−k}) e^{+2πik/n}/2, Z_k = E_k + i O_k
            double er = 0.5 * (re[k] + re[m - k]);
            double ei = 0.5 * (im[k] - im[m - k]);
            double dr = 0.5 * (re[k] - re[m - k]);
            double di = 0.5 * (im[k] + im[m - k]);
            double or = dr * cos[k] + di * sin[k]; // times e^{+iθ} = cos − i·(−sin)
            double oi = di * cos[k] - dr * sin[k];
            zr[k] = er - oi;
            zi[k] = ei + or;
        }
        half.inverse(zr, zi);
        double[] x = new double[n];
        for (int k = 0; k < m; k++) {
            x[2 * k] = zr[k];
            x[2 * k + 1] = zi[k];
        }
        return x;
    }
}
