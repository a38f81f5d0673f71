package dev.gradus.privacy.accounting;

/**
 * The privacy-loss random variable of one step of the Poisson-sampled Gaussian mechanism, truncated and rounded to a
 * grid of spacing {@code h} in the manner of Gopi, Lee &amp; Wutschitz 2021 (Numerical composition of differential
 * privacy, §5): the mass of {@code (kh − h/2, kh + h/2]} is put at {@code kh}, and the whole distribution is then
 * shifted by {@link #shift} so that its mean equals the mean of the truncated loss. The rounded loss then differs
 * from the true one by a mean-zero amount inside an interval of length {@code h}, which is what the accountant's
 * Hoeffding bound needs.
 *
 * <p>With {@code t(x) = (2x − 1)/(2σ²)} and {@code ℓ(x) = log(1 − q + q e^{t(x)})}, the two neighbouring relations are
 * <ul>
 *   <li>{@link Relation#REMOVE}: loss {@code ℓ(x)} for {@code x ~ (1 − q) N(0, σ²) + q N(1, σ²)};</li>
 *   <li>{@link Relation#ADD}: loss {@code −ℓ(x)} for {@code x ~ N(0, σ²)}.</li>
 * </ul>
 * For q = 1 both are {@code N(1/(2σ²), 1/σ²)}, the Gaussian mechanism's. The loss is monotone in {@code x}, so a bin
 * of the loss is an interval of {@code x} and its mass is a difference of normal CDFs, taken on the side of the tail
 * so that nothing cancels.
 */
final class SampledGaussianPld {
    /** Which dataset is the larger one. */
    enum Relation {
        /** The output distribution with the example is P: {@code P = (1−q)N(0,σ²) + qN(1,σ²)}, {@code Q = N(0,σ²)}. */
        REMOVE,
        /** The reverse: {@code P = N(0,σ²)}, {@code Q = (1−q)N(0,σ²) + qN(1,σ²)}. */
        ADD
    }

    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    // 5-point Gauss-Legendre on [-1, 1]
    private static final double[] GL_X = {0, -0.5384693101056831, 0.5384693101056831, -0.9061798459386640,
        0.9061798459386640};
    private static final double[] GL_W = {0.5688888888888889, 0.4786286704993665, 0.4786286704993665,
        0.2369268850561891, 0.2369268850561891};

    /** The grid index of {@code probabilities[0]}: it sits at loss {@code firstIndex·h}. */
    final long firstIndex;
    /** The probabilities of the rounded, truncated loss, summing to 1. */
    final double[] probabilities;
    /** The constant added to every rounded value to restore the truncated loss' mean. */
    final double shift;
    /** The probability that the loss falls outside the truncation range (the "bad event" of one step). */
    final double truncatedMass;

    private final double q;
    private final double sigma;
    private double[] logProbabilities;
    private final Relation relation;

    private SampledGaussianPld(double q, double sigma, Relation relation, long firstIndex, double[] probabilities,
                               double shift, double truncatedMass) {
        this.q = q;
        this.sigma = sigma;
        this.relation = relation;
        this.firstIndex = firstIndex;
        this.probabilities = probabilities;
        this.shift = shift;
        this.truncatedMass = truncatedMass;
    }

    /** The number of grid points the rounded loss of one step spans at spacing {@code h}, without building it. */
    static long width(double q, double sigma, Relation relation, double h, double tailMass) {
        double z = upperQuantile(tailMass / 2);
        double[] range = lossRange(q, sigma, relation, z);
        return Math.round(range[1] / h) - Math.round(range[0] / h) + 1;
    }

    /**
     * Truncates the loss to the {@code x}-range outside which each tail has probability at most {@code tailMass/2},
     * and rounds it to the grid {@code h·Z}.
     */
    static SampledGaussianPld discretise(double q, double sigma, Relation relation, double h, double tailMass) {
        if (!(q > 0 && q <= 1) || !(sigma > 0) || !(h > 0) || !(tailMass > 0 && tailMass < 1)) {
            throw new IllegalArgumentException("sampled Gaussian PLD: q=" + q + " sigma=" + sigma + " h=" + h
                    + " tail mass=" + tailMass + " out of range");
        }
        double z = upperQuantile(tailMass / 2);
        double xLo = -sigma * z;
        double xHi = (relation == Relation.REMOVE ? 1 : 0) + sigma * z;
        double[] range = lossRange(q, sigma, relation, z);
        long kLo = Math.round(range[0] / h);
        long kHi = Math.round(range[1] / h);
        long count = kHi - kLo + 1;
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("sampled Gaussian PLD: " + count + " grid points at spacing " + h);
        }
        SampledGaussianPld pld = new SampledGaussianPld(q, sigma, relation, kLo, new double[(int) count], 0, 0);
        double[] p = pld.probabilities;
        // x at each bin edge, ascending in x; the bins run in the order of the loss, so ADD reverses
        double[] edges = new double[p.length + 1];
        for (int e = 0; e <= p.length; e++) {
            double l = (kLo + e - 0.5) * h;
            double x;
            if (e == 0) {
                x = relation == Relation.REMOVE ? xLo : xHi;
            } else if (e == p.length) {
                x = relation == Relation.REMOVE ? xHi : xLo;
            } else {
                x = Math.min(xHi, Math.max(xLo, pld.xOf(l)));
            }
            edges[e] = x;
        }
        double inside = 0;
        double bias = 0;
        double[] mb = new double[2];
        for (int k = 0; k < p.length; k++) {
            double a = relation == Relation.REMOVE ? edges[k] : edges[k + 1];
            double b = relation == Relation.REMOVE ? edges[k + 1] : edges[k];
            pld.integrate(a, b, (kLo + k) * h, mb);
            p[k] = mb[0];
            inside += mb[0];
            bias += mb[1];
        }
        double outside = pld.mass(Double.NEGATIVE_INFINITY, xLo) + pld.mass(xHi, Double.POSITIVE_INFINITY);
        for (int k = 0; k < p.length; k++) {
            p[k] /= inside;
        }
        return new SampledGaussianPld(q, sigma, relation, kLo, p, bias / inside, outside);
    }

    /** The loss range {@code [ℓ(x_lo), ℓ(x_hi)]} (ordered) for the truncation at {@code ±z} standard deviations. */
    private static double[] lossRange(double q, double sigma, Relation relation, double z) {
        double xLo = -sigma * z;
        double xHi = (relation == Relation.REMOVE ? 1 : 0) + sigma * z;
        double a = loss(q, sigma, relation, xLo);
        double b = loss(q, sigma, relation, xHi);
        return new double[] {Math.min(a, b), Math.max(a, b)};
    }

    /** The privacy loss at {@code x}. */
    static double loss(double q, double sigma, Relation relation, double x) {
        double t = (2 * x - 1) / (2 * sigma * sigma);
        double v;
        if (q == 1) {
            v = t;
        } else if (t > 0) {
            v = t + Math.log(q + (1 - q) * Math.exp(-t));
        } else {
            v = Math.log1p(q * Math.expm1(t));
        }
        return relation == Relation.REMOVE ? v : -v;
    }

    /** The {@code x} where the loss equals {@code l}; clamped by the caller to the truncation range. */
    private double xOf(double l) {
        double v = relation == Relation.REMOVE ? l : -l;
        double t;
        if (q == 1) {
            t = v;
        } else {
            double r = Math.expm1(v) + q; // e^v − (1 − q) = q e^t
            if (!(r > 0)) {
                return Double.NEGATIVE_INFINITY;
            }
            t = Math.log(r / q);
        }
        return sigma * sigma * t + 0.5;
    }

    /** The density of {@code x} under P. */
    private double density(double x) {
        double a = x / sigma;
        double d0 = Math.exp(-0.5 * a * a) * INV_SQRT_2PI / sigma;
        if (relation == Relation.ADD) {
            return d0;
        }
        double b = (x - 1) / sigma;
        double d1 = Math.exp(-0.5 * b * b) * INV_SQRT_2PI / sigma;
        return (1 - q) * d0 + q * d1;
    }

    /** P's mass of {@code [a, b]}. */
    double mass(double a, double b) {
        double m0 = normalMass(a / sigma, b / sigma);
        if (relation == Relation.ADD) {
            return m0;
        }
        return (1 - q) * m0 + q * normalMass((a - 1) / sigma, (b - 1) / sigma);
    }

    /**
     * {@code out[0] = P([a, b])} and {@code out[1] = ∫_a^b (ℓ(x) − centre) dP(x)}, by 5-point Gauss-Legendre on pieces
     * no wider than σ/16 (exact to rounding for the Gaussian density at that width, and about 50 times faster than
     * differences of log-erfc, which the million-bin grids of long runs need).
     */
    private void integrate(double a, double b, double centre, double[] out) {
        out[0] = 0;
        out[1] = 0;
        if (!(b > a)) {
            return;
        }
        int pieces = (int) Math.min(1 << 16, Math.ceil((b - a) / (sigma / 16)));
        double w = (b - a) / pieces;
        double m = 0;
        double bias = 0;
        for (int s = 0; s < pieces; s++) {
            double mid = a + (s + 0.5) * w;
            for (int g = 0; g < GL_X.length; g++) {
                double x = mid + 0.5 * w * GL_X[g];
                double d = GL_W[g] * density(x);
                m += d;
                bias += (loss(q, sigma, relation, x) - centre) * d;
            }
        }
        out[0] = 0.5 * w * m;
        out[1] = 0.5 * w * bias;
    }

    /** {@code Φ(b) − Φ(a)} for the standard normal, from the tail on the side where the values are small. */
    static double normalMass(double a, double b) {
        if (!(b > a)) {
            return 0;
        }
        if (a >= 0) {
            return upperTail(a) - upperTail(b);
        }
        if (b <= 0) {
            return upperTail(-b) - upperTail(-a);
        }
        return 1 - upperTail(-a) - upperTail(b);
    }

    /** {@code Φc(z) = P(N(0,1) > z)} for {@code z >= 0}, without underflow until about z = 38. */
    static double upperTail(double z) {
        if (z == Double.POSITIVE_INFINITY) {
            return 0;
        }
        if (z == Double.NEGATIVE_INFINITY) {
            return 1;
        }
        return z >= 0 ? 0.5 * Math.exp(LogMath.logErfc(z * SQRT_HALF)) : 1 - 0.5 * Math.exp(LogMath.logErfc(-z * SQRT_HALF));
    }

    /** The {@code z >= 0} with {@code Φc(z) = p}, by bisection on {@code log Φc}. */
    static double upperQuantile(double p) {
        double target = Math.log(2 * p);
        double lo = 0;
        double hi = 40;
        for (int i = 0; i < 80; i++) {
            double mid = 0.5 * (lo + hi);
            if (LogMath.logErfc(mid * SQRT_HALF) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** {@code log E[e^{λ K h}]} for the rounded (unshifted) loss {@code K h}. */
    double logMgf(double lambda, double h) {
        if (logProbabilities == null) {
            logProbabilities = new double[probabilities.length];
            for (int k = 0; k < probabilities.length; k++) {
                logProbabilities[k] = Math.log(probabilities[k]); // -inf for empty bins, which exp sends back to 0
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        double step = lambda * h;
        double base = lambda * firstIndex * h;
        for (int k = 0; k < probabilities.length; k++) {
            max = Math.max(max, base + k * step + logProbabilities[k]);
        }
        double s = 0;
        for (int k = 0; k < probabilities.length; k++) {
            s += Math.exp(base + k * step + logProbabilities[k] - max);
        }
        return max + Math.log(s);
    }
}
