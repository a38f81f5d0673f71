package dev.gradus.tensor;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one facade through which every matrix product in Gradus goes.
 *
 * <p>The provider is {@code dev.ludovic.netlib:blas}, the BLAS that Apache Spark uses. Products go to a native
 * library ({@link BlasBackend#NATIVE}) only when it is a known optimised BLAS (OpenBLAS, MKL, BLIS, Accelerate)
 * or the user names one; otherwise they run in Gradus's pure-Java packed kernel ({@link BlasBackend#JAVA}),
 * which needs the JVM flag {@code --add-modules jdk.incubator.vector} to reach its speed and falls back to
 * netlib's Java BLAS without it. The library is identified by what it is (its symbols, the libraries it needs,
 * its resolved path), never by a timing: see {@code BlasSelection} for the rules. The reason matters because
 * many Debian packages pull in the reference BLAS ({@code libblas3}), which then owns {@code libblas.so.3}
 * and runs products 10-20x slower than Gradus's own kernel. {@link #provider()} says what runs the products
 * and {@link #reason()} why.
 *
 * <p>All matrices here are row-major. The facade maps them onto column-major BLAS by computing
 * {@code C^T = op(B)^T op(A)^T}, which costs nothing. Products with at most {@value #SMALL_PRODUCT}
 * multiply-adds run in a plain Java loop on every backend except {@link BlasBackend#NETLIB_JAVA}: at that
 * size a JNI call or packing costs more than the arithmetic, and the tiny layers of small networks live there.
 *
 * <p>Choosing: {@code -Dgradus.blas=auto} (the default), {@code native}, {@code java}, {@code netlib-java},
 * or a library file such as {@code -Dgradus.blas=/opt/intel/oneapi/mkl/latest/lib/libmkl_rt.so.2}; netlib's
 * own {@code -Ddev.ludovic.netlib.blas.nativeLibPath=...} names a library too. {@code -Dgradus.blas.searchPath}
 * replaces the directories searched for a library (by default {@code LD_LIBRARY_PATH} and the system's
 * library directories).
 *
 * <p>Every backend is deterministic for a given shape: the same inputs give the same bits.
 */
public final class Blas {
    /** Products with at most this many multiply-adds ({@code m * n * k}) run in a plain Java loop. */
    public static final long SMALL_PRODUCT = 8192;

    /** Held so that the level set below is not lost when the logger is garbage-collected. */
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");

    private static final BlasSelection SELECTION;
    private static final dev.ludovic.netlib.blas.BLAS NATIVE;
    private static final String NATIVE_PROBLEM;
    private static final dev.ludovic.netlib.blas.BLAS NETLIB_JAVA;
    private static final boolean VECTOR_KERNEL;
    private static final String REASON;
    private static volatile BlasBackend current;
    /** Scratch for tiny products with a transposed B: {@code k * n <= m * n * k <= SMALL_PRODUCT} elements. */
    private static final ThreadLocal<double[]> TRANSPOSED_B =
            ThreadLocal.withInitial(() -> new double[(int) SMALL_PRODUCT]);

    static {
        // netlib logs a warning for every implementation it cannot load; provider() reports the outcome instead.
        if (NETLIB_LOG.getLevel() == null) {
            NETLIB_LOG.setLevel(Level.SEVERE);
        }
        SELECTION = BlasSelection.forThisJvm();
        dev.ludovic.netlib.blas.BLAS nat = null;
        String problem = null;
        if (SELECTION.load() != null) {
            System.setProperty(BlasSelection.NETLIB_PATH, SELECTION.load().toString());
        }
        if (SELECTION.tryNative()) {
            try {
                nat = dev.ludovic.netlib.blas.NativeBLAS.getInstance();
            } catch (RuntimeException | LinkageError e) {
                problem = "netlib could not load " + nativeTarget() + " (" + rootMessage(e) + ")";
            }
        } else {
            problem = "no native BLAS is loaded: " + SELECTION.reason();
        }
        NATIVE = nat;
        NATIVE_PROBLEM = problem;
        NETLIB_JAVA = dev.ludovic.netlib.blas.JavaBLAS.getInstance();
        VECTOR_KERNEL = VectorApi.links(() -> VectorDgemm.describe() != null);
        BlasBackend chosen = SELECTION.backend();
        String reason = SELECTION.reason();
        if (chosen == BlasBackend.NATIVE && NATIVE == null) {
            chosen = BlasBackend.JAVA;
            reason += "; but " + NATIVE_PROBLEM + ", so products run in Gradus's own kernel (install "
                    + "libopenblas0-pthread, or set -Dgradus.blas=/path/to/libopenblas.so)";
        }
        REASON = reason;
        current = chosen;
    }

    private Blas() {}

    /**
     * Row-major {@code C = alpha * op(A) * op(B) + beta * C}, with op(X) = X or X^T, on the current backend.
     * As in BLAS, {@code beta == 0} overwrites C without reading it.
     *
     * @param m rows of op(A) and of C
     * @param n columns of op(B) and of C
     * @param k columns of op(A), rows of op(B)
     * @param lda row stride of A as stored (at least its number of stored columns)
     * @param ldb row stride of B as stored
     * @param ldc row stride of C (at least n)
     * @throws IllegalArgumentException when a size or stride is negative or an array is too short for the
     *     matrix it is said to hold
     */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        dgemm(current, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * {@link #dgemm(boolean, boolean, int, int, int, double, double[], int, int, double[], int, int, double,
     * double[], int, int)} on a given backend, for benchmarks and tests that compare backends.
     *
     * @throws IllegalStateException when {@code backend} is not available in this JVM
     */
    public static void dgemm(BlasBackend backend, boolean transA, boolean transB, int m, int n, int k,
                             double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        requireAvailable(backend);
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("dgemm: sizes m=" + m + ", n=" + n + ", k=" + k + " must not be negative");
        }
        checkMatrix("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        checkMatrix("B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        checkMatrix("C", c, cOff, m, n, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (backend == BlasBackend.NETLIB_JAVA && k > 0) {
            NETLIB_JAVA.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha, b, bOff, ldb, a, aOff, lda,
                    beta, c, cOff, ldc);
            return;
        }
        long work = (long) m * n * k;
        if (backend == BlasBackend.NATIVE && work > SMALL_PRODUCT) {
            NATIVE.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha, b, bOff, ldb, a, aOff, lda,
                    beta, c, cOff, ldc);
            return;
        }
        // a tiny product with beta = 0 writes C without reading it, which spares a pass that clears C row by row
        boolean overwrite = beta == 0.0 && work <= SMALL_PRODUCT && k > 0 && alpha != 0.0;
        if (!overwrite) {
            scale(beta, m, n, c, cOff, ldc);
        }
        if (k == 0 || alpha == 0.0) {
            return;
        }
        if (work <= SMALL_PRODUCT) {
            if (transB) { // make the rows of op(B) contiguous so that the inner loops run over them
                double[] rows = TRANSPOSED_B.get();
                transpose(b, bOff, ldb, n, k, rows);
                b = rows;
                bOff = 0;
                ldb = n;
            }
            if (VECTOR_KERNEL) {
                VectorDgemm.smallMultiplyAdd(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, overwrite);
            } else {
                loopMultiplyAdd(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, overwrite);
            }
        } else if (VECTOR_KERNEL) {
            VectorDgemm.multiplyAdd(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        } else {
            NETLIB_JAVA.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha, b, bOff, ldb, a, aOff, lda,
                    1.0, c, cOff, ldc);
        }
    }

    /**
     * True when {@code backend} runs a product of {@code work} multiply-adds on the Java kernels, which add
     * {@code alpha * op(A) op(B)} into C after scaling it: on a C that is already zero, beta = 1 then gives the
     * same bits as beta = 0 without clearing C a second time. (A native or netlib BLAS may round a signed
     * zero differently when it reads C.)
     */
    static boolean addsIntoZeroedC(BlasBackend backend, long work) {
        return backend == BlasBackend.JAVA || backend == BlasBackend.NATIVE && work <= SMALL_PRODUCT;
    }

    /** The backend that {@link #dgemm(boolean, boolean, int, int, int, double, double[], int, int, double[], int, int, double, double[], int, int)} uses. */
    public static BlasBackend backend() {
        return current;
    }

    /** True when products go to a native BLAS. */
    public static boolean isNative() {
        return current == BlasBackend.NATIVE;
    }

    /** True when {@code backend} can run in this JVM ({@link BlasBackend#NATIVE} needs the native library). */
    public static boolean isAvailable(BlasBackend backend) {
        return backend != BlasBackend.NATIVE || NATIVE != null;
    }

    /**
     * Routes all later products to {@code backend}, for benchmarks that measure a whole computation per
     * backend. Affects every thread.
     *
     * @return the backend in use before
     * @throws IllegalStateException when {@code backend} is not available
     */
    public static BlasBackend use(BlasBackend backend) {
        requireAvailable(backend);
        BlasBackend before = current;
        current = backend;
        return before;
    }

    /**
     * What runs the products, for benchmark reports, e.g. {@code native: OpenBLAS through netlib JNIBLAS
     * (/usr/lib/x86_64-linux-gnu/libopenblas.so.0)}.
     */
    public static String provider() {
        return describe(current);
    }

    /**
     * Why the backend in use at start-up was chosen ({@link #use} does not change this), in one sentence naming
     * the library and how it was identified, e.g.
     * {@code /usr/lib/x86_64-linux-gnu/libblas.so.3 (-> .../blas/libblas.so.3.11.0), the reference BLAS
     * (unoptimised); ...; products run in Gradus's own kernel (...)}. Printed by {@code gradus --version}.
     */
    public static String reason() {
        return REASON;
    }

    /**
     * How many threads a large product runs on with the current backend: the native library's setting (read
     * from the environment variables it reads, such as {@code OPENBLAS_NUM_THREADS}), or 1 for the Java
     * kernels, which are single-threaded.
     */
    public static int threads() {
        return threadInfo().count();
    }

    /** Where {@link #threads()} comes from, e.g. {@code OPENBLAS_NUM_THREADS unset: one per core}. */
    public static String threadsSource() {
        return threadInfo().source();
    }

    private static BlasLibrary.Threads threadInfo() {
        if (current != BlasBackend.NATIVE) {
            return new BlasLibrary.Threads(1, "Gradus's Java kernels are single-threaded");
        }
        BlasLibrary lib = SELECTION.library();
        if (lib == null) {
            return new BlasLibrary.Threads(1, "not known for an unidentified library; assumed 1");
        }
        return lib.threads(System.getenv(), Runtime.getRuntime().availableProcessors());
    }

    /** What {@code backend} runs on in this JVM. */
    public static String describe(BlasBackend backend) {
        return switch (backend) {
            case NATIVE -> NATIVE == null ? "native: unavailable, " + NATIVE_PROBLEM
                    : "native: " + (SELECTION.library() == null ? "" : SELECTION.library().vendor().shortName() + " ")
                    + "through netlib " + NATIVE.getClass().getSimpleName() + " (" + nativeTarget() + ")";
            case JAVA -> VECTOR_KERNEL
                    ? "java: Gradus packed dgemm on the Vector API (" + VectorDgemm.describe() + ")"
                    : "java: netlib " + NETLIB_JAVA.getClass().getSimpleName()
                    + " (start the JVM with --add-modules jdk.incubator.vector for the faster Gradus kernel)";
            case NETLIB_JAVA -> "netlib-java: netlib " + NETLIB_JAVA.getClass().getSimpleName();
        };
    }

    /** The library netlib loads: its path property, else its name property, else its default name. */
    private static String nativeTarget() {
        String path = System.getProperty(BlasSelection.NETLIB_PATH);
        if (path != null && !path.isBlank()) {
            return path;
        }
        return System.getProperty(BlasSelection.NETLIB_NAME, "libblas.so.3");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static void requireAvailable(BlasBackend backend) {
        if (!isAvailable(backend)) {
            throw new IllegalStateException("BLAS backend " + backend.id() + " is unavailable: " + NATIVE_PROBLEM
                    + " (for native products install libopenblas0-pthread, or set -Dgradus.blas=/path/to/libblas.so)");
        }
    }

    /** Checks that {@code x} holds a row-major {@code rows x cols} matrix at {@code off} with row stride {@code ld}. */
    private static void checkMatrix(String name, double[] x, int off, int rows, int cols, int ld) {
        if (x == null) {
            throw new IllegalArgumentException("dgemm: " + name + " is null");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        if (ld < cols) {
            throw new IllegalArgumentException("dgemm: " + name + " is stored " + rows + "x" + cols
                    + " but its row stride is " + ld + " (must be at least " + cols + ")");
        }
        long end = (long) off + (long) (rows - 1) * ld + cols;
        if (off < 0 || end > x.length) {
            throw new IllegalArgumentException("dgemm: " + name + " is stored " + rows + "x" + cols + " with row stride "
                    + ld + " at offset " + off + ", which needs " + end + " doubles, but its array holds " + x.length);
        }
    }

    /** {@code out[p * n + j] = b[bOff + j * ldb + p]}: the {@code k x n} transpose of the {@code n x k} matrix b, packed. */
    private static void transpose(double[] b, int bOff, int ldb, int n, int k, double[] out) {
        if (n >= k) { // the longer loop inside: a layer's weight [out, in] with few inputs (k = in = 2, n = 16)
            for (int p = 0; p < k; p++) {
                int dst = p * n;
                for (int j = 0; j < n; j++) {
                    out[dst + j] = b[bOff + j * ldb + p];
                }
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            int src = bOff + j * ldb;
            for (int p = 0; p < k; p++) {
                out[p * n + j] = b[src + p];
            }
        }
    }

    /** {@code C *= beta}, where {@code beta == 0} overwrites (so NaNs in an uninitialised C do not survive). */
    private static void scale(double beta, int m, int n, double[] c, int cOff, int ldc) {
        if (beta == 1.0) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0.0) {
                java.util.Arrays.fill(c, row, row + n, 0.0);
            } else {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    /**
     * {@code C += alpha * op(A) * B} for tiny products when the Vector API is absent: for each row i of C and
     * each p, add {@code alpha * op(A)[i, p]} times row p of B, a contiguous inner loop that the JIT vectorises.
     */
    private static void loopMultiplyAdd(boolean transA, int m, int n, int k, double alpha,
                                        double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                        double[] c, int cOff, int ldc, boolean overwrite) {
        // The same arithmetic as VectorDgemm.smallMultiplyAdd: one fused multiply-add chain over p from zero
        // per element, then c = fma(alpha, s, c), with c = +0.0 when overwriting. Tiny products therefore give the
        // same bits whether or not the JVM was started with the Vector API module, so a seeded run does not depend
        // on launch flags.
        int aRowStep = transA ? 1 : lda; // op(A)[i, p] = a[aOff + i * aRowStep + p * aColStep]
        int aColStep = transA ? lda : 1;
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            int aAt = aOff + i * aRowStep;
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[aAt + p * aColStep], b[bOff + p * ldb + j], s);
                }
                c[row + j] = Math.fma(alpha, s, overwrite ? 0.0 : c[row + j]);
            }
        }
    }
}
