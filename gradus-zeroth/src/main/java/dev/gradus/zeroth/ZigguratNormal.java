package dev.gradus.zeroth;

import dev.gradus.tensor.RandomStream;

/**
 * Standard normal draws by the ziggurat method, reproducible bit for bit: Doornik's ZIGNOR variant (128 layers,
 * independent bits for the layer and the abscissa) of Marsaglia and Tsang's ziggurat.
 *
 * <p>References: G. Marsaglia, W. W. Tsang, "The Ziggurat Method for Generating Random Variables", J. Stat. Softw.
 * 5(8), 2000; J. A. Doornik, "An Improved Ziggurat Method to Generate Normal Random Samples", 2005.
 * <pre>
 *   draw u ∈ (−1, 1) and layer i ∈ {0..127} from one 64-bit word
 *   |u| &lt; x[i+1]/x[i]          → return u·x[i]                 (about 98.8% of draws: one multiply)
 *   i = 0                       → return a draw from the tail beyond R = 3.442619855899 (Marsaglia's method)
 *   else wedge: accept x = u·x[i] when f(x[i+1]) + U·(f(x[i]) − f(x[i+1])) &lt; f(x)
 * </pre>
 *
 * <p>Why here and not {@link RandomStream#normal()}: Box-Muller with {@link StrictMath} log, sqrt and cos costs
 * tens of nanoseconds per draw, which dominated CMA-ES and ES runs. The ziggurat's fast path needs no transcendental
 * function; the rare paths use {@link StrictMath}, and the tables are computed with it, so the same stream gives the
 * same numbers on every JVM. The draws are a different sequence from {@code RandomStream.normal()}.
 */
public final class ZigguratNormal {
    private static final int LAYERS = 128;
    private static final double R = 3.442619855899;
    private static final double V = 9.91256303526217e-3;
    private static final double[] X = new double[LAYERS + 1];
    private static final double[] RATIO = new double[LAYERS];
    private static final double UNIT = 0x1.0p-52;

    static {
        double f = StrictMath.exp(-0.5 * R * R);
        X[0] = V / f;
        X[1] = R;
        X[LAYERS] = 0;
        for (int i = 2; i < LAYERS; i++) {
            X[i] = StrictMath.sqrt(-2 * StrictMath.log(V / X[i - 1] + f));
            f = StrictMath.exp(-0.5 * X[i] * X[i]);
        }
        for (int i = 0; i < LAYERS; i++) {
            RATIO[i] = X[i + 1] / X[i];
        }
    }

    private ZigguratNormal() {}

    /** One standard normal draw from {@code rng}. */
    public static double next(RandomStream rng) {
        while (true) {
            long bits = rng.nextLong();
            int i = (int) (bits & (LAYERS - 1));
            // 52 bits above the layer bits give u uniform on (−1, 1), symmetric and never exactly ±1.
            double u = (((bits >>> 12) + 0.5) * UNIT) * 2.0 - 1.0;
            if (Math.abs(u) < RATIO[i]) {
                return u * X[i];
            }
            if (i == 0) {
                return tail(rng, u < 0);
            }
            double x = u * X[i];
            double f0 = StrictMath.exp(-0.5 * (X[i] * X[i] - x * x));
            double f1 = StrictMath.exp(-0.5 * (X[i + 1] * X[i + 1] - x * x));
            if (f1 + rng.uniform() * (f0 - f1) < 1.0) {
                return x;
            }
        }
    }

    /** Fills {@code out[from, to)} with standard normal draws. */
    public static void fill(RandomStream rng, double[] out, int from, int to) {
        for (int k = from; k < to; k++) {
            out[k] = next(rng);
        }
    }

    /** Fills {@code out} with standard normal draws. */
    public static void fill(RandomStream rng, double[] out) {
        fill(rng, out, 0, out.length);
    }

    private static double tail(RandomStream rng, boolean negative) {
        double x;
        double y;
        do {
            x = StrictMath.log(1.0 - rng.uniform()) / R;
            y = StrictMath.log(1.0 - rng.uniform());
        } while (-2 * y < x * x);
        return negative ? x - R : R - x;
    }
}
