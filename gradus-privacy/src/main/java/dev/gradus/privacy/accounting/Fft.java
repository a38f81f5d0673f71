package dev.gradus.privacy.accounting;

/**
 * An in-place radix-2 complex FFT on split arrays (real parts, imaginary parts), for composing privacy-loss
 * distributions. Written here rather than taken from Hipparchus because Hipparchus' {@code FastFourierTransformer}
 * works on arrays of {@code Complex} objects, one allocation per point, and the PRV accountant transforms up to a
 * million points several times per query.
 *
 * <p>The twiddle factors are computed directly by {@code cos}/{@code sin} for every index (not by a recurrence), so
 * the rounding error stays at a few ulps times {@code log2 n}.
 */
final class Fft {
    private final int n;
    private final double[] cos;
    private final double[] sin;
    /** The table holds {@code e^{-2πi k/(n·step)}} at index {@code k}: a longer transform's table is shared. */
    private final int step;

    /**
     * A transform of length {@code n}.
     *
     * @throws IllegalArgumentException when {@code n} is not a power of two
     */
    Fft(int n) {
        if (n < 1 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT: length " + n + " is not a power of two");
        }
        this.n = n;
        this.step = 1;
        cos = new double[n / 2];
        sin = new double[n / 2];
        for (int k = 0; k < n / 2; k++) {
            double a = -2 * Math.PI * k / n;
            cos[k] = Math.cos(a);
            sin[k] = Math.sin(a);
        }
    }

    /**
     * A transform of length {@code n} on the twiddle table of a transform of length {@code n * step}, whose entry
     * {@code k * step} is this one's entry {@code k} to the bit ({@code -2π(k·step)/(n·step)} rounds as
     * {@code -2πk/n} when {@code step} is a power of two).
     */
    Fft(int n, double[] cos, double[] sin, int step) {
        if (n < 1 || Integer.bitCount(n) != 1 || step < 1 || Integer.bitCount(step) != 1
                || cos.length < n / 2 * step || sin.length != cos.length) {
            throw new IllegalArgumentException("FFT: length " + n + " on a table of " + cos.length + " at step "
                    + step);
        }
        this.n = n;
        this.step = step;
        this.cos = cos;
        this.sin = sin;
    }

    /** {@code X_k = Σ_j x_j e^{-2πi jk/n}}, in place. */
    void forward(double[] re, double[] im) {
        transform(re, im, false);
    }

    /** {@code x_j = (1/n) Σ_k X_k e^{+2πi jk/n}}, in place. */
    void inverse(double[] re, double[] im) {
        transform(re, im, true);
        double s = 1.0 / n;
        for (int k = 0; k < n; k++) {
            re[k] *= s;
            im[k] *= s;
        }
    }

    private void transform(double[] re, double[] im, boolean inverse) {
        if (re.length != n || im.length != n) {
            throw new IllegalArgumentException("FFT: arrays of length " + re.length + " and " + im.length
                    + " for a transform of length " + n);
        }
        for (int i = 1, j = 0; i < n; i++) { // bit reversal
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        double sign = inverse ? -1 : 1;
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            int stride = n / len * step;
            for (int start = 0; start < n; start += len) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * stride];
                    double wi = sign * sin[k * stride];
                    int a = start + k;
                    int b = a + half;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
