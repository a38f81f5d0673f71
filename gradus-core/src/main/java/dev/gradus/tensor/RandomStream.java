package dev.gradus.tensor;

/**
 * A seeded, splittable stream of random numbers: the only source of randomness in Gradus.
 *
 * <p>The generator is SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014), the algorithm behind {@link java.util.SplittableRandom}. It is written out here rather
 * than wrapped because checkpoints must save and restore the exact position of every stream, and
 * {@code SplittableRandom} does not expose its state. Transcendental functions use {@link StrictMath}, so
 * the same seed gives the same bits on every JVM and platform.
 *
 * <p>Two ways to derive independent streams: {@link #split()} advances this stream and returns a child;
 * {@link #fork(String)} derives a child from a name without advancing this stream, so adding a new
 * consumer of randomness does not shift the numbers that existing consumers see.
 *
 * <p>A stream is mutable and not thread-safe; give each thread its own split.
 */
public final class RandomStream implements StateLeaf {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long seed;
    private long gamma; // changes only by restore(), which moves the stream to another position

    private RandomStream(long seed, long gamma) {
        this.seed = seed;
        this.gamma = gamma;
    }

    /** A stream for a user seed. */
    public static RandomStream of(long seed) {
        return new RandomStream(seed, GOLDEN_GAMMA);
    }

    /** Restores a stream from {@link #state()}. */
    public static RandomStream fromState(long[] state) {
        if (state == null || state.length != 2 || (state[1] & 1L) == 0) {
            throw new IllegalArgumentException("RandomStream.fromState: expected 2 longs with an odd gamma");
        }
        return new RandomStream(state[0], state[1]);
    }

    /** The exact position of this stream: two longs that {@link #fromState(long[])} restores. */
    public long[] state() {
        return new long[] {seed, gamma};
    }

    /** An independent copy at the same position. */
    public RandomStream copy() {
        return new RandomStream(seed, gamma);
    }

    /** A child stream; advances this stream. */
    public RandomStream split() {
        return new RandomStream(nextLong(), mixGamma(nextSeed()));
    }

    /** A child stream derived from {@code name} and this stream's position, without advancing it. */
    public RandomStream fork(String name) {
        long h = seed;
        for (int i = 0; i < name.length(); i++) {
            h = mix64(h + (name.charAt(i) + 1) * GOLDEN_GAMMA);
        }
        return new RandomStream(mix64(h ^ gamma), mixGamma(h + GOLDEN_GAMMA));
    }

    /** A uniformly random long. */
    public long nextLong() {
        return mix64(nextSeed());
    }

    /** A uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        }
        // Lemire's rejection keeps the result unbiased.
        long m = (nextLong() >>> 32) * bound;
        long l = m & 0xffffffffL;
        if (l < bound) {
            long t = (0x100000000L - bound) % bound;
            while (l < t) {
                m = (nextLong() >>> 32) * bound;
                l = m & 0xffffffffL;
            }
        }
        return (int) (m >>> 32);
    }

    /** A uniform double in [0, 1). */
    public double uniform() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** A uniform double in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * uniform();
    }

    /** A standard normal draw (Box-Muller; one pair of uniforms per draw, so the state stays two longs). */
    public double normal() {
        double u1 = 1.0 - uniform(); // in (0, 1], so log is finite
        double u2 = uniform();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }

    /** A normal draw with the given mean and standard deviation. */
    public double normal(double mean, double std) {
        return mean + std * normal();
    }

    /** True with probability {@code p}. */
    public boolean bernoulli(double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
        }
        return uniform() < p;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    public int[] permutation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("permutation: n must not be negative, got " + n);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }

    /** Shuffles {@code a} in place (Fisher-Yates). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** {@code k} indices from 0..n-1, without replacement when {@code replace} is false. */
    public int[] choice(int n, int k, boolean replace) {
        if (k < 0 || (!replace && k > n) || (n <= 0 && k > 0)) {
            throw new IllegalArgumentException("choice: cannot draw " + k + " of " + n
                    + (replace ? " with" : " without") + " replacement");
        }
        int[] out = new int[k];
        if (replace) {
            for (int i = 0; i < k; i++) {
                out[i] = nextInt(n);
            }
            return out;
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = 0; i < k; i++) { // partial Fisher-Yates: only the first k slots are drawn
            int j = i + nextInt(n - i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
            out[i] = p[i];
        }
        return out;
    }

    /** Fills {@code out} with standard normal draws. */
    public void fillNormal(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = normal();
        }
    }

    /** Fills {@code out} with uniform draws in [lo, hi). */
    public void fillUniform(double[] out, double lo, double hi) {
        for (int i = 0; i < out.length; i++) {
            out[i] = uniform(lo, hi);
        }
    }

    private long nextSeed() {
        return seed += gamma;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long mixGamma(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        z = (z ^ (z >>> 33)) | 1L;
        int n = Long.bitCount(z ^ (z >>> 1));
        return (n < 24) ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
    }

    // ================================================================ state leaf

    /** Moves this stream to the position of {@code source}, another random stream. */
    @Override
    public void restore(StateLeaf source) {
        if (!(source instanceof RandomStream r)) {
            throw new IllegalArgumentException("restore: a random stream cannot take the value of a "
                    + source.getClass().getSimpleName());
        }
        seed = r.seed;
        gamma = r.gamma;
    }

    /** The position {@link #state()} as an {@code I64[2]} entry. */
    @Override
    public dev.gradus.tensor.io.Safetensors.Entry encode(String name) {
        return dev.gradus.tensor.io.Safetensors.i64(name, state(), 2);
    }

    /** A stream at the position stored in an {@code I64[2]} entry. */
    @Override
    public RandomStream decode(dev.gradus.tensor.io.Safetensors.Entry entry) {
        if (entry.dtype() != dev.gradus.tensor.io.Safetensors.DType.I64 || entry.shape().length != 1
                || entry.shape()[0] != 2) {
            throw StateLeaf.mismatch("I64[2]", entry);
        }
        return fromState(entry.toLongs());
    }
}
