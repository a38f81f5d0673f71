package dev.gradus.bench;

import dev.gradus.tensor.Elementwise;
import dev.gradus.tensor.MemoryBandwidth;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Elementwise kernels over {@code n} doubles (10M by default: 80 MB per array, far beyond any cache), next to
 * the STREAM triad measured in the same run.
 *
 * <p>How to read it: the time unit is nanoseconds, so the secondary metric {@code bytes} is in bytes/ns, which
 * is GB/s. Bytes are the least traffic the computation needs, counted as STREAM counts them: 8 per distinct
 * array read plus 8 per array written, per element, no write-allocate traffic. A kernel's fraction of the
 * machine's bandwidth is its {@code bytes} over {@code streamTriad}'s. A computation written as two
 * {@link Elementwise} calls makes two passes over memory, so its rate shows what fusing would gain.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.VECTOR_API, JvmFlags.NATIVE_ACCESS, JvmFlags.HEAP_MIN, JvmFlags.HEAP_MAX})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ElementwiseBenchmark {
    /** Elements per array. */
    @Param({"10000000"})
    public int n;

    private double[] a;
    private double[] b;
    private double[] c;
    private Tensor ta;
    private Tensor tb;
    private Tensor tc;
    private Tensor tx;

    /** Bytes moved, reported per nanosecond (= GB/s). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Traffic {
        /** STREAM-counted bytes. */
        public long bytes;

        /** Counts from zero in every iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    /** Fills the arrays from a fixed seed. */
    @Setup(Level.Trial)
    public void setUp() {
        RandomStream rng = RandomStream.of(2);
        a = new double[n];
        b = new double[n];
        c = new double[n];
        rng.fillUniform(a, -1, 1);
        rng.fillUniform(b, -1, 1);
        rng.fillUniform(c, -1, 1);
        ta = Tensor.of(a, n);
        tb = Tensor.of(b, n);
        tc = Tensor.of(c, n);
        tx = Tensor.zeros(n);
        rng.fillUniform(tx.data(), -1, 1);
    }

    /** The STREAM triad {@code a = b + s c}: the bandwidth reference (24 bytes per element). */
    @Benchmark
    public double[] streamTriad(Traffic traffic) {
        MemoryBandwidth.triad(a, b, c, 3.0);
        traffic.bytes += (long) MemoryBandwidth.TRIAD_BYTES_PER_ELEMENT * n;
        return a;
    }

    /** {@code a = b + c} with one Gradus op writing into a preallocated output (24 bytes per element). */
    @Benchmark
    public Tensor add(Traffic traffic) {
        Elementwise.add(tb, tc, ta);
        traffic.bytes += 24L * n;
        return ta;
    }

    /** The triad {@code a = b + s c} as two Gradus ops, {@code mul} then {@code add} in place (needs 24 bytes per element). */
    @Benchmark
    public Tensor triadTwoOps(Traffic traffic) {
        Elementwise.mul(tc, 3.0, ta);
        Elementwise.add(ta, tb, ta);
        traffic.bytes += 24L * n;
        return ta;
    }

    /** {@code y = a x + b} for arrays a, x, b as two Gradus ops (needs 32 bytes per element). */
    @Benchmark
    public Tensor mulAddTwoOps(Traffic traffic) {
        Elementwise.mul(tb, tx, ta);
        Elementwise.add(ta, tc, ta);
        traffic.bytes += 32L * n;
        return ta;
    }
}
