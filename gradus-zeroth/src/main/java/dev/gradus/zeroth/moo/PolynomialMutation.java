package dev.gradus.zeroth.moo;

import dev.gradus.tensor.RandomStream;

/**
 * Bounded polynomial mutation (Deb and Goyal 1996; the form in Deb's NSGA-II code and DEAP's
 * {@code mutPolynomialBounded}). Each variable mutates with probability {@code p}; with
 * {@code δ₁ = (x − lo)/(hi − lo)}, {@code δ₂ = (hi − x)/(hi − lo)} and a uniform {@code u}:
 * <pre>
 *   u &lt; ½:  δ_q = (2u + (1 − 2u)(1 − δ₁)^(η+1))^(1/(η+1)) − 1
 *   else:   δ_q = 1 − (2(1 − u) + 2(u − ½)(1 − δ₂)^(η+1))^(1/(η+1))
 *   x ← clip(x + δ_q (hi − lo), lo, hi)
 * </pre>
 */
public final class PolynomialMutation {
    private PolynomialMutation() {}

    /** Mutates row {@code a} of the row-major {@code x} (width {@code d}) in place. */
    public static void mutate(double[] x, int d, int a, double eta, double p, double[] lo, double[] hi,
            RandomStream rng) {
        double e1 = eta + 1;
        for (int i = 0; i < d; i++) {
            if (rng.uniform() > p) {
                continue;
            }
            int k = a * d + i;
            double w = hi[i] - lo[i];
            double v = x[k];
            double u = rng.uniform();
            double dq;
            if (u < 0.5) {
                double val = 2 * u + (1 - 2 * u) * Powers.pow(1 - (v - lo[i]) / w, e1);
                dq = StrictMath.pow(val, 1 / e1) - 1;
            } else {
                double val = 2 * (1 - u) + 2 * (u - 0.5) * Powers.pow(1 - (hi[i] - v) / w, e1);
                dq = 1 - StrictMath.pow(val, 1 / e1);
            }
            x[k] = Math.min(Math.max(v + dq * w, lo[i]), hi[i]);
        }
    }
}
