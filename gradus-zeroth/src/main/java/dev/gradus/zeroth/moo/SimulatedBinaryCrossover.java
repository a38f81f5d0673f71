package dev.gradus.zeroth.moo;

import dev.gradus.tensor.RandomStream;

/**
 * Bounded simulated binary crossover (Deb and Agrawal, "Simulated Binary Crossover for Continuous Search Space",
 * Complex Systems 9, 1995; the bounded form of Deb's NSGA-II code), as in DEAP's {@code cxSimulatedBinaryBounded}.
 * For each variable, with probability ½ and when the parents differ by more than 1e-14, with
 * {@code x₁ = min, x₂ = max} and one uniform {@code u}:
 * <pre>
 *   β = 1 + 2 (x₁ − lo)/(x₂ − x₁),  α = 2 − β^−(η+1),  β_q = (uα)^(1/(η+1)) if u ≤ 1/α else (1/(2 − uα))^(1/(η+1))
 *   c₁ = ½ (x₁ + x₂ − β_q (x₂ − x₁))                 (and c₂ likewise with β = 1 + 2 (hi − x₂)/(x₂ − x₁), plus sign)
 *   clip both to [lo, hi]; with probability ½ the children swap sides
 * </pre>
 */
public final class SimulatedBinaryCrossover {
    private SimulatedBinaryCrossover() {}

    /** Crosses rows {@code a} and {@code b} of the row-major {@code x} (width {@code d}) in place. */
    public static void cross(double[] x, int d, int a, int b, double eta, double[] lo, double[] hi, RandomStream rng) {
        double e1 = eta + 1;
        for (int i = 0; i < d; i++) {
            if (rng.uniform() > 0.5) {
                continue;
            }
            double p1 = x[a * d + i];
            double p2 = x[b * d + i];
            if (Math.abs(p1 - p2) <= 1e-14) {
                continue;
            }
            double x1 = Math.min(p1, p2);
            double x2 = Math.max(p1, p2);
            double u = rng.uniform();
            double c1 = 0.5 * (x1 + x2 - spread(1 + 2 * (x1 - lo[i]) / (x2 - x1), u, e1) * (x2 - x1));
            double c2 = 0.5 * (x1 + x2 + spread(1 + 2 * (hi[i] - x2) / (x2 - x1), u, e1) * (x2 - x1));
            c1 = Math.min(Math.max(c1, lo[i]), hi[i]);
            c2 = Math.min(Math.max(c2, lo[i]), hi[i]);
            if (rng.uniform() <= 0.5) {
                x[a * d + i] = c2;
                x[b * d + i] = c1;
            } else {
                x[a * d + i] = c1;
                x[b * d + i] = c2;
            }
        }
    }

    private static double spread(double beta, double u, double e1) {
        double alpha = 2 - Powers.pow(beta, -e1);
        return u <= 1 / alpha ? StrictMath.pow(u * alpha, 1 / e1) : StrictMath.pow(1 / (2 - u * alpha), 1 / e1);
    }
}
