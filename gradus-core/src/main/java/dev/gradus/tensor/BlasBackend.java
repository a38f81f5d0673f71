package dev.gradus.tensor;

/**
 * The implementations that {@link Blas} can route a matrix product to.
 *
 * <p>The default is {@link #NATIVE} when a known optimised BLAS (OpenBLAS, MKL, BLIS, Accelerate) loads,
 * {@link #JAVA} otherwise: a reference BLAS is never used by default. Choose one for the whole JVM with
 * {@code -Dgradus.blas=native|java|netlib-java} (or name a library file: {@code -Dgradus.blas=/path/to/lib.so}),
 * or at run time with
 * {@link Blas#use(BlasBackend)}; {@link Blas#dgemm(BlasBackend, boolean, boolean, int, int, int, double,
 * double[], int, int, double[], int, int, double, double[], int, int)} picks one for a single call
 * (benchmarks compare backends that way).
 */
public enum BlasBackend {
    /**
     * A native BLAS (by default only a known optimised one, such as OpenBLAS from {@code libopenblas0-pthread})
     * through the JNI wrapper of {@code dev.ludovic.netlib:blas}. Tiny products stay in Java, where a call costs less than the
     * JNI transition.
     */
    NATIVE("native"),
    /**
     * Gradus's pure-Java packed kernel on the JDK Vector API when the JVM runs with
     * {@code --add-modules jdk.incubator.vector}; netlib's Java BLAS otherwise.
     */
    JAVA("java"),
    /** netlib's own Java implementation ({@code VectorBLAS} or {@code Java11BLAS}), kept for comparison. */
    NETLIB_JAVA("netlib-java");

    private final String id;

    BlasBackend(String id) {
        this.id = id;
    }

    /** The name used by {@code -Dgradus.blas} and in reports. */
    public String id() {
        return id;
    }

    /** The backend named {@code id} (case-insensitive), e.g. {@code "native"}. */
    public static BlasBackend fromId(String id) {
        for (BlasBackend b : values()) {
            if (b.id.equalsIgnoreCase(id.trim())) {
                return b;
            }
        }
        throw new IllegalArgumentException("BLAS backend '" + id + "' is unknown; expected one of native, java, "
                + "netlib-java");
    }
}
