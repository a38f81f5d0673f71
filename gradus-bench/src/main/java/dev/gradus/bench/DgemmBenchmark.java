package dev.gradus.bench;

import dev.gradus.tensor.Blas;
import dev.gradus.tensor.BlasBackend;
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
 * {@code C = A B} for square {@code n x n} matrices, per BLAS backend.
 *
 * <p>Backends ({@code backend} parameter):
 * <ul>
 *   <li>{@code openblas}: netlib's JNI wrapper called directly, without the facade: the raw native rate;</li>
 *   <li>{@code facade}: {@link Blas#dgemm} on its default backend (native when it loads; the fork prints which);</li>
 *   <li>{@code java}: the facade forced to {@link BlasBackend#JAVA}, Gradus's Vector-API kernel;</li>
 *   <li>{@code netlib-java}: netlib's own Java implementation called directly.</li>
 * </ul>
 *
 * <p>How to read it: the time unit is nanoseconds, so the secondary metric {@code flop} (2 n^3 per product) is
 * in flop/ns, which is GFLOPS. The facade's overhead is {@code facade / openblas} at the same n. The
 * {@code openblas} rows fail with a clear message when no native BLAS loads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.VECTOR_API, JvmFlags.NATIVE_ACCESS, JvmFlags.HEAP_MIN, JvmFlags.HEAP_MAX})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DgemmBenchmark {
    /** Matrix size. */
    @Param({"256", "512", "1024"})
    public int n;

    /** Which implementation multiplies. */
    @Param({"openblas", "facade", "java", "netlib-java"})
    public String backend;

    private double[] a;
    private double[] b;
    private double[] c;
    private dev.ludovic.netlib.blas.BLAS raw;

    /** Floating-point operations done, reported per nanosecond (= GFLOPS). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        /** 2 n^3 per product. */
        public long flop;

        /** Counts from zero in every iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            flop = 0;
        }
    }

    /** Fills the matrices from a fixed seed and resolves the backend. */
    @Setup(Level.Trial)
    public void setUp() {
        RandomStream rng = RandomStream.of(1);
        a = new double[n * n];
        b = new double[n * n];
        c = new double[n * n];
        rng.fillUniform(a, -1, 1);
        rng.fillUniform(b, -1, 1);
        raw = switch (backend) {
            case "openblas" -> {
                if (!Blas.isAvailable(BlasBackend.NATIVE)) {
                    throw new IllegalStateException(Blas.describe(BlasBackend.NATIVE));
                }
                yield dev.ludovic.netlib.blas.NativeBLAS.getInstance();
            }
            case "netlib-java" -> dev.ludovic.netlib.blas.JavaBLAS.getInstance();
            case "facade", "java" -> null;
            default -> throw new IllegalArgumentException("backend '" + backend
                    + "' is unknown; expected openblas, facade, java or netlib-java");
        };
        System.out.println("dgemm " + backend + ": " + switch (backend) {
            case "facade" -> Blas.provider();
            case "java" -> Blas.describe(BlasBackend.JAVA);
            default -> raw.getClass().getName();
        });
    }

    /** One product. */
    @Benchmark
    public double[] multiply(Flops flops) {
        switch (backend) {
            case "facade" -> Blas.dgemm(false, false, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
            case "java" -> Blas.dgemm(BlasBackend.JAVA, false, false, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
            default -> raw.dgemm("N", "N", n, n, n, 1.0, b, 0, n, a, 0, n, 0.0, c, 0, n); // row-major C = A B
        }
        flops.flop += 2L * n * n * n;
        return c;
    }
}
