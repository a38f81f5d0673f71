package dev.gradus.bench;

import dev.gradus.tensor.MemoryBandwidth;
import dev.gradus.tensor.RandomStream;
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
 * is GB/s. Bytes are counted as STREAM counts them: 8 per array element read or written, no write-allocate
 * traffic. A kernel's fraction of the machine's bandwidth is its {@code bytes} over {@code streamTriad}'s.
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
    }

    /** The STREAM triad {@code a = b + s c}: the bandwidth reference (24 bytes per element). */
    @Benchmark
    public double[] streamTriad(Traffic traffic) {
        MemoryBandwidth.triad(a, b, c, 3.0);
        traffic.bytes += (long) MemoryBandwidth.TRIAD_BYTES_PER_ELEMENT * n;
        return a;
    }
}
