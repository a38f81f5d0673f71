package dev.gradus.lab.experiments.zeroth;

import dev.gradus.tensor.RandomStream;

/**
 * The ring of eight Gaussians of the GAN mode-collapse literature (Metz et al., "Unrolled Generative Adversarial
 * Networks", ICLR 2017): modes at radius {@value #RADIUS} and angles 2πk/8, isotropic standard deviation
 * {@value #SIGMA}, equal weights. With it, the two sample-quality scores of EAGAN-lite: the modes covered and the
 * squared MMD to the true mixture.
 */
final class GaussianRing {
    /** Number of modes. */
    static final int MODES = 8;
    /** Radius of the ring. */
    static final double RADIUS = 2.0;
    /** Standard deviation of each mode. */
    static final double SIGMA = 0.1;
    /** Bandwidth h of the RBF kernel exp(-|x - y|² / (2h²)) of the MMD: between SIGMA and the gap of modes (1.53). */
    static final double BANDWIDTH = 0.5;

    private GaussianRing() {}

    /** Fills {@code out} ([n, 2] row-major) with {@code n} draws from the mixture. */
    static void sample(RandomStream rng, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(MODES);
            double angle = 2 * Math.PI * k / MODES;
            out[2 * i] = RADIUS * Math.cos(angle) + SIGMA * rng.normal();
            out[2 * i + 1] = RADIUS * Math.sin(angle) + SIGMA * rng.normal();
        }
    }

    /**
     * The number of modes that hold at least {@code share} of the {@code n} samples within 3σ of their centre (the
     * "high-quality samples" of Metz et al.).
     */
    static int modesCovered(double[] x, int n, double share) {
        int[] count = new int[MODES];
        double r2 = 9 * SIGMA * SIGMA;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < MODES; k++) {
                double angle = 2 * Math.PI * k / MODES;
                double dx = x[2 * i] - RADIUS * Math.cos(angle);
                double dy = x[2 * i + 1] - RADIUS * Math.sin(angle);
                if (dx * dx + dy * dy <= r2) {
                    count[k]++;
                    break;
                }
            }
        }
        int covered = 0;
        for (int c : count) {
            covered += c >= share * n ? 1 : 0;
        }
        return covered;
    }

    /**
     * The (biased, V-statistic) squared MMD between the samples {@code a} ([n, 2]) and {@code b} ([m, 2]) with the
     * RBF kernel of bandwidth {@link #BANDWIDTH}: mean k(a, a') + mean k(b, b') − 2 mean k(a, b).
     */
    static double mmd2(double[] a, int n, double[] b, int m) {
        return mmd2(a, n, b, m, selfKernel(b, m));
    }

    /**
     * {@link #mmd2(double[], int, double[], int)} with the term {@code mean k(b, b')} given, as {@link #selfKernel}
     * computed it (the same bits): a fixed reference sample scored against many candidates needs it only once.
     */
    static double mmd2(double[] a, int n, double[] b, int m, double bSelf) {
        double s = 1.0 / (2 * BANDWIDTH * BANDWIDTH);
        return meanKernel(a, n, a, n, s) + bSelf - 2 * meanKernel(a, n, b, m, s);
    }

    /** {@code mean k(b, b')} over all pairs of the samples {@code b} ([m, 2]), the second term of the MMD. */
    static double selfKernel(double[] b, int m) {
        return meanKernel(b, m, b, m, 1.0 / (2 * BANDWIDTH * BANDWIDTH));
    }

    private static double meanKernel(double[] a, int n, double[] b, int m, double s) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double ax = a[2 * i];
            double ay = a[2 * i + 1];
            for (int j = 0; j < m; j++) {
                double dx = ax - b[2 * j];
                double dy = ay - b[2 * j + 1];
                sum += Math.exp(-s * (dx * dx + dy * dy));
            }
        }
        return sum / ((double) n * m);
    }
}
