package dev.gradus.rl.env;

import dev.gradus.tensor.RandomStream;

/**
 * Zero-mean noise added to a tabular reward, for prediction experiments with heavy-tailed TD errors (06-rl.md §3):
 * Gaussian, Laplace (the generalized Gaussian with shape β = 1) or Student-t, each with scale {@code scale} (the
 * standard deviation for Gaussian, b for Laplace, the t's scale).
 */
public enum RewardNoise {
    /** No noise. */
    NONE,
    /** N(0, scale²). */
    GAUSSIAN,
    /** Laplace(0, scale): density exp(−|x|/scale)/(2 scale). */
    LAPLACE,
    /** scale · t_ν with ν = 2.5 degrees of freedom (finite variance, heavy tails). */
    STUDENT_T;

    /** The degrees of freedom of {@link #STUDENT_T}. */
    public static final double STUDENT_DOF = 2.5;

    /** One draw. */
    public double sample(double scale, RandomStream rng) {
        return switch (this) {
            case NONE -> 0.0;
            case GAUSSIAN -> scale * rng.normal();
            case LAPLACE -> {
                double u = rng.uniform() - 0.5;
                yield -scale * Math.signum(u) * StrictMath.log(1 - 2 * Math.abs(u));
            }
            case STUDENT_T -> {
                // t = Z / sqrt(V/ν), V ~ χ²_ν = Gamma(ν/2, 2); Gamma by Marsaglia-Tsang.
                double z = rng.normal();
                double v = 2 * gamma(STUDENT_DOF / 2, rng);
                yield scale * z / Math.sqrt(v / STUDENT_DOF);
            }
        };
    }

    /** A Gamma(shape, 1) draw (Marsaglia and Tsang, 2000); shape ≥ 1. */
    static double gamma(double shape, RandomStream rng) {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.normal();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.uniform();
            if (StrictMath.log(u) < 0.5 * x * x + d - d * v + d * StrictMath.log(v)) {
                return d * v;
            }
        }
    }
}
