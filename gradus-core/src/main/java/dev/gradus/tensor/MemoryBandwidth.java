package dev.gradus.tensor;

/**
 * Measures the machine's memory bandwidth with the STREAM triad, so that benchmarks can report an
 * elementwise kernel as a fraction of what memory allows on the same machine, in the same run.
 *
 * <p>The triad is {@code a[i] = b[i] + s * c[i]} (McCalpin, "Memory bandwidth and machine balance in current
 * high performance computers", IEEE TCCA Newsletter, 1995). Following STREAM, each element counts 24 bytes
 * (two reads and one write of a double; the write-allocate read is not counted), the first repetition only
 * warms up, and the best of the remaining repetitions is reported. Use arrays far larger than the last-level
 * cache (10M doubles per array = 80 MB is a good size) or the result measures the cache instead.
 *
 * <pre>{@code
 * double gbs = MemoryBandwidth.streamTriadGBs(10_000_000, 10);  // one thread
 * }</pre>
 */
public final class MemoryBandwidth {
    /** Bytes that one element of the triad moves, as STREAM counts them. */
    public static final int TRIAD_BYTES_PER_ELEMENT = 24;

    /** Keeps the results observable so that the JIT cannot drop the measured loops. */
    private static volatile double sink;

    private MemoryBandwidth() {}

    /**
     * The single-thread STREAM-triad bandwidth in GB/s (10^9 bytes per second): the best of {@code reps}
     * timed passes over arrays of {@code n} doubles, after one untimed pass.
     *
     * @throws IllegalArgumentException when {@code n} or {@code reps} is less than 1
     */
    public static double streamTriadGBs(int n, int reps) {
        if (n < 1 || reps < 1) {
            throw new IllegalArgumentException("streamTriadGBs: n and reps must be at least 1, got n=" + n
                    + ", reps=" + reps);
        }
        double[] a = new double[n], b = new double[n], c = new double[n];
        java.util.Arrays.fill(a, 1.0);
        java.util.Arrays.fill(b, 2.0);
        java.util.Arrays.fill(c, 0.5);
        long best = Long.MAX_VALUE;
        for (int r = 0; r <= reps; r++) {
            long t0 = System.nanoTime();
            triad(a, b, c, 3.0);
            long dt = System.nanoTime() - t0;
            if (r > 0) {
                best = Math.min(best, dt);
            }
        }
        sink = a[n / 2];
        return (double) TRIAD_BYTES_PER_ELEMENT * n / Math.max(best, 1L);
    }

    /** The STREAM triad kernel {@code a[i] = b[i] + s * c[i]} over the whole of {@code a}. */
    public static void triad(double[] a, double[] b, double[] c, double s) {
        if (b.length < a.length || c.length < a.length) {
            throw new IllegalArgumentException("triad: a has " + a.length + " elements but b has " + b.length
                    + " and c has " + c.length);
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = b[i] + s * c[i];
        }
    }
}
