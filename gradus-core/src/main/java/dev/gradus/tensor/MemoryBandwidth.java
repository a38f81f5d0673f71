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
 * double gbs = MemoryBandwidth.streamTriadGBs(10_000_000, 10);     // one thread
 * double two = MemoryBandwidth.streamTriadGBs(10_000_000, 10, 2);  // two threads, one contiguous half each
 * }</pre>
 *
 * <p>STREAM's count leaves out the read that a cached store makes of the line it writes (write-allocate),
 * so the triad really moves 32 bytes per element; {@link #TRIAD_TRAFFIC_BYTES_PER_ELEMENT} counts them. A
 * kernel whose every written array is also read (an optimizer step: p, m, v) has no such hidden read, so it
 * should be compared with the triad's traffic, not with STREAM's figure, or it can appear faster than memory.
 */
public final class MemoryBandwidth {
    /** Bytes that one element of the triad moves, as STREAM counts them. */
    public static final int TRIAD_BYTES_PER_ELEMENT = 24;
    /** Bytes that one element of the triad moves with the write-allocate read of {@code a}: 32. */
    public static final int TRIAD_TRAFFIC_BYTES_PER_ELEMENT = 32;

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
        double[][] abc = arrays(n, reps);
        double[] a = abc[0], b = abc[1], c = abc[2];
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

    /**
     * The STREAM-triad bandwidth on {@code threads} threads, in GB/s as STREAM counts it: each thread runs the
     * triad over its own contiguous share of arrays of {@code n} doubles, all starting together, and a
     * repetition lasts until the last one finishes; the best of {@code reps} timed repetitions after one
     * untimed one.
     *
     * @throws IllegalArgumentException when {@code n}, {@code reps} or {@code threads} is less than 1
     */
    public static double streamTriadGBs(int n, int reps, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("streamTriadGBs: threads must be at least 1, got " + threads);
        }
        if (threads == 1) {
            return streamTriadGBs(n, reps);
        }
        double[][] abc = arrays(n, reps);
        double[] a = abc[0], b = abc[1], c = abc[2];
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(threads);
        Thread[] helpers = new Thread[threads - 1];
        for (int h = 0; h < helpers.length; h++) {
            int from = (int) ((long) n * (h + 1) / threads);
            int to = (int) ((long) n * (h + 2) / threads);
            helpers[h] = new Thread(() -> {
                for (int r = 0; r <= reps; r++) {
                    await(barrier);
                    triad(a, b, c, 3.0, from, to);
                    await(barrier);
                }
            }, "stream-triad-" + (h + 1));
            helpers[h].setDaemon(true);
            helpers[h].start();
        }
        int end = (int) ((long) n / threads);
        long best = Long.MAX_VALUE;
        for (int r = 0; r <= reps; r++) {
            await(barrier);
            long t0 = System.nanoTime();
            triad(a, b, c, 3.0, 0, end);
            await(barrier);
            long dt = System.nanoTime() - t0;
            if (r > 0) {
                best = Math.min(best, dt);
            }
        }
        sink = a[n / 2];
        return (double) TRIAD_BYTES_PER_ELEMENT * n / Math.max(best, 1L);
    }

    /** The triad's arrays a, b, c of {@code n} doubles, filled as STREAM fills them, after checking the sizes. */
    private static double[][] arrays(int n, int reps) {
        if (n < 1 || reps < 1) {
            throw new IllegalArgumentException("streamTriadGBs: n and reps must be at least 1, got n=" + n
                    + ", reps=" + reps);
        }
        double[] a = new double[n], b = new double[n], c = new double[n];
        java.util.Arrays.fill(a, 1.0);
        java.util.Arrays.fill(b, 2.0);
        java.util.Arrays.fill(c, 0.5);
        return new double[][] {a, b, c};
    }

    private static void await(java.util.concurrent.CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("streamTriadGBs: interrupted", e);
        } catch (java.util.concurrent.BrokenBarrierException e) {
            throw new IllegalStateException("streamTriadGBs: a triad thread failed", e);
        }
    }

    private static void triad(double[] a, double[] b, double[] c, double s, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = b[i] + s * c[i];
        }
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
