package dev.gradus.bench;

/**
 * The JVM flags every benchmark fork runs with, as constants for {@code @Fork(jvmArgsAppend = ...)}.
 *
 * <p>{@link #VECTOR_API} lets {@link dev.gradus.tensor.Blas} use its Vector-API dgemm (and netlib its
 * VectorBLAS); without it the pure-Java backend falls back to netlib's much slower scalar Java BLAS.
 * {@link #NATIVE_ACCESS} keeps JDK 24+ from warning when netlib loads its JNI wrapper. The heap is fixed so
 * that its growth does not show up in the timings.
 */
public final class JvmFlags {
    /** Resolves the incubating Vector API module. */
    public static final String VECTOR_API = "--add-modules=jdk.incubator.vector";
    /** Allows netlib's {@code System.load} of its JNI wrapper without a warning. */
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    /** Initial heap: room for three 10M-element arrays and three 1024x1024 matrices. */
    public static final String HEAP_MIN = "-Xms2g";
    /** Maximum heap, equal to the initial heap. */
    public static final String HEAP_MAX = "-Xmx2g";

    private JvmFlags() {}
}
