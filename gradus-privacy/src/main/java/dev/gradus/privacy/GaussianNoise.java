package dev.gradus.privacy;

import dev.gradus.tensor.RandomStream;

/**
 * Gaussian noise for the privatised gradients, drawn in bulk by Marsaglia's polar method: a pair of uniforms in the
 * unit disc gives two independent standard normals with one logarithm and one square root and no trigonometry,
 * about half the cost per draw of {@link RandomStream#normal()} (Box-Muller, one draw per pair). A DP-SGD step draws
 * one normal per parameter, so this is most of the price of privacy on a small model. The uniforms come from the
 * given stream and {@link StrictMath} is used throughout, so a seed gives the same bits on every platform.
 */
public final class GaussianNoise {
    private GaussianNoise() {}

    /** {@code target[i] = (target[i] + std·z_i)·scale} for fresh standard normals {@code z_i}. */
    public static void addScaled(double[] target, double std, double scale, RandomStream random) {
        int n = target.length;
        int i = 0;
        while (i < n) {
            double u;
            double v;
            double s;
            do {
                u = 2 * random.uniform() - 1;
                v = 2 * random.uniform() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
            target[i] = (target[i] + std * u * f) * scale;
            i++;
            if (i < n) {
                target[i] = (target[i] + std * v * f) * scale;
                i++;
            }
        }
    }
}
