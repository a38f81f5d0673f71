package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BlasTest {
    private static final double SENTINEL = -12345.678;

    /** The definition of row-major dgemm, one element at a time. */
    private static void reference(boolean tA, boolean tB, int m, int n, int k, double alpha, double[] a, int aOff,
                                  int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = tA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = tB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += x * y;
                }
                int at = cOff + i * ldc + j;
                c[at] = alpha * s + (beta == 0.0 ? 0.0 : beta * c[at]);
            }
        }
    }

    record Case(BlasBackend backend, boolean tA, boolean tB, int m, int n, int k, int pad, int off) {
        @Override
        public String toString() {
            return backend.id() + (tA ? " A^T" : " A") + (tB ? " B^T" : " B") + " m=" + m + " n=" + n + " k=" + k
                    + " pad=" + pad + " off=" + off;
        }
    }

    static List<Case> cases() {
        int[][] shapes = {
            {0, 0, 0}, {0, 3, 2}, {3, 0, 2}, {3, 2, 0}, {1, 1, 1}, {1, 7, 1}, {7, 1, 5}, {2, 3, 4}, // loop path
            {16, 16, 16}, {6, 8, 200}, {13, 17, 19},                                              // around SMALL_PRODUCT
            {37, 53, 29}, {100, 21, 300}, {97, 9, 257}, {7, 2100, 3},                             // kernel edges and blocks
            {301, 1, 203}, {1, 301, 203}, {2, 300, 30}, {300, 2, 30},                              // matrix-vector shapes
        };
        List<Case> out = new ArrayList<>();
        for (BlasBackend backend : BlasBackend.values()) {
            if (!Blas.isAvailable(backend)) {
                continue;
            }
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    int pad = (s[0] + s[1] + t) % 3; // mixes tight and padded strides
                    int off = (t * 5 + s[2]) % 4;
                    out.add(new Case(backend, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], pad, off));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheReferenceLoop(Case tc) {
        checkAgainstReference(tc, 1.25, 0.5);
        checkAgainstReference(tc, -0.75, 0.0);
        checkAgainstReference(tc, 1.0, 1.0);
    }

    @Property(tries = 60, seed = "20240601")
    void matchesTheReferenceLoopOnRandomShapes(@ForAll @IntRange(min = 0, max = 40) int m,
                                               @ForAll @IntRange(min = 0, max = 40) int n,
                                               @ForAll @IntRange(min = 0, max = 40) int k,
                                               @ForAll boolean tA, @ForAll boolean tB,
                                               @ForAll @IntRange(min = 0, max = 2) int pad) {
        for (BlasBackend backend : BlasBackend.values()) {
            if (Blas.isAvailable(backend)) {
                checkAgainstReference(new Case(backend, tA, tB, m, n, k, pad, pad * 3), 0.5, -2.0);
            }
        }
    }

    private static void checkAgainstReference(Case tc, double alpha, double beta) {
        RandomStream rng = RandomStream.of(31L * tc.m() + 17L * tc.n() + tc.k());
        int aRows = tc.tA() ? tc.k() : tc.m(), aCols = tc.tA() ? tc.m() : tc.k();
        int bRows = tc.tB() ? tc.n() : tc.k(), bCols = tc.tB() ? tc.k() : tc.n();
        int lda = aCols + tc.pad(), ldb = bCols + tc.pad() + 1, ldc = tc.n() + tc.pad();
        double[] a = filled(rng, tc.off() + aRows * lda);
        double[] b = filled(rng, tc.off() + bRows * ldb);
        double[] c = filled(rng, tc.off() + tc.m() * ldc + 2);
        // Padding and the tail must never be written.
        for (int i = 0; i < tc.m(); i++) {
            Arrays.fill(c, tc.off() + i * ldc + tc.n(), tc.off() + (i + 1) * ldc, SENTINEL);
        }
        Arrays.fill(c, 0, tc.off(), SENTINEL);
        Arrays.fill(c, c.length - 2, c.length, SENTINEL);
        if (beta == 0.0 && tc.m() > 0 && tc.n() > 0) {
            c[tc.off()] = Double.NaN; // beta == 0 overwrites C without reading it, as in BLAS
        }
        double[] expected = c.clone();
        reference(tc.tA(), tc.tB(), tc.m(), tc.n(), tc.k(), alpha, a, tc.off(), lda, b, tc.off(), ldb, beta, expected,
                tc.off(), ldc);
        double[] aCopy = a.clone(), bCopy = b.clone();

        Blas.dgemm(tc.backend(), tc.tA(), tc.tB(), tc.m(), tc.n(), tc.k(), alpha, a, tc.off(), lda, b, tc.off(), ldb,
                beta, c, tc.off(), ldc);

        assertThat(a).as("A unchanged").isEqualTo(aCopy);
        assertThat(b).as("B unchanged").isEqualTo(bCopy);
        double tol = 1e-13 * (tc.k() + 1);
        for (int i = 0; i < c.length; i++) {
            if (expected[i] == SENTINEL) {
                assertThat(c[i]).as("%s: element %d outside C was written", tc, i).isEqualTo(SENTINEL);
            } else {
                assertThat(c[i]).as("%s alpha=%s beta=%s: element %d", tc, alpha, beta, i)
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(expected[i]))));
            }
        }
    }

    private static double[] filled(RandomStream rng, int n) {
        double[] x = new double[n];
        rng.fillUniform(x, -1.0, 1.0);
        return x;
    }

    @Test
    void sameInputsGiveTheSameBitsOnEveryBackend() {
        RandomStream rng = RandomStream.of(7);
        int m = 70, n = 50, k = 90;
        double[] a = filled(rng, m * k), b = filled(rng, k * n);
        for (BlasBackend backend : BlasBackend.values()) {
            if (!Blas.isAvailable(backend)) {
                continue;
            }
            double[] c1 = new double[m * n], c2 = new double[m * n];
            Blas.dgemm(backend, false, true, m, n, k, 1.0, a, 0, k, b, 0, k, 0.0, c1, 0, n);
            Blas.dgemm(backend, false, true, m, n, k, 1.0, a, 0, k, b, 0, k, 0.0, c2, 0, n);
            assertThat(c2).as(backend.id()).isEqualTo(c1);
        }
    }

    /**
     * Tiny products follow one fixed arithmetic (a fused multiply-add chain over p from zero, then
     * c = fma(alpha, s, c)) on the Java and native backends. Surefire runs this class with and without the
     * Vector API module, so both the vector kernel and the scalar fallback are held to these exact bits.
     */
    @Test
    void tinyProductsHaveTheSameBitsWithOrWithoutTheVectorApi() {
        RandomStream rng = RandomStream.of(11);
        // n = 11 covers vector blocks and the scalar edge columns; m = 37, n = 3 with op(A) = A^T covers the
        // edge columns run on vectors of rows (two blocks of 4 vectors) and the rows left over
        int[][] shapes = {{5, 11, 7}, {37, 3, 9}, {32, 18, 4}};
        for (int[] shape : shapes) {
            for (boolean tA : new boolean[] {false, true}) {
                for (boolean tB : new boolean[] {false, true}) {
                    for (double beta : new double[] {1.3, 0.0}) {
                        checkTinyProductBits(rng, shape[0], shape[1], shape[2], tA, tB, beta);
                    }
                }
            }
        }
    }

    private static void checkTinyProductBits(RandomStream rng, int m, int n, int k, boolean tA, boolean tB, double beta) {
        double[] a = filled(rng, m * k), b = filled(rng, k * n), c0 = filled(rng, m * n);
        if (beta == 0.0) {
            Arrays.fill(c0, Double.NaN); // beta = 0 writes C without reading it
        }
        int lda = tA ? m : k, ldb = tB ? k : n;
        double alpha = 0.7;
        double[] expected = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                for (int p = 0; p < k; p++) {
                    double aip = tA ? a[p * lda + i] : a[i * lda + p];
                    double bpj = tB ? b[j * ldb + p] : b[p * ldb + j];
                    sum = Math.fma(aip, bpj, sum);
                }
                expected[i * n + j] = Math.fma(alpha, sum, beta == 0.0 ? 0.0 : beta * c0[i * n + j]);
            }
        }
        for (BlasBackend backend : new BlasBackend[] {BlasBackend.JAVA, BlasBackend.NATIVE}) {
            if (!Blas.isAvailable(backend)) {
                continue;
            }
            double[] c = c0.clone();
            Blas.dgemm(backend, tA, tB, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, n);
            assertThat(c).as("%s %dx%dx%d tA=%s tB=%s beta=%s", backend.id(), m, n, k, tA, tB, beta).isEqualTo(expected);
        }
    }
    @Test
    void alphaZeroOnlyScalesC() {
        double[] a = {Double.NaN, 1, 2, 3}, b = {1, 2, 3, Double.NaN};
        for (BlasBackend backend : BlasBackend.values()) {
            if (!Blas.isAvailable(backend)) {
                continue;
            }
            double[] c = {1, 2, 3, 4};
            Blas.dgemm(backend, false, false, 2, 2, 2, 0.0, a, 0, 2, b, 0, 2, 2.0, c, 0, 2);
            assertThat(c).as(backend.id()).containsExactly(2, 4, 6, 8);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        double[] a = new double[6], b = new double[6], c = new double[4];
        assertThatThrownBy(() -> Blas.dgemm(false, false, -1, 2, 3, 1, a, 0, 3, b, 0, 2, 0, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dgemm: sizes m=-1, n=2, k=3 must not be negative");
        assertThatThrownBy(() -> Blas.dgemm(false, false, 2, 2, 3, 1, a, 0, 2, b, 0, 2, 0, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dgemm: A is stored 2x3 but its row stride is 2 (must be at least 3)");
        assertThatThrownBy(() -> Blas.dgemm(false, false, 2, 2, 3, 1, a, 1, 3, b, 0, 2, 0, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dgemm: A is stored 2x3 with row stride 3 at offset 1, which needs 7 doubles, but its "
                        + "array holds 6");
        assertThatThrownBy(() -> Blas.dgemm(false, true, 2, 2, 3, 1, a, 0, 3, b, 0, 3, 0, new double[3], 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dgemm: C is stored 2x2");
        assertThatThrownBy(() -> Blas.dgemm(false, false, 2, 2, 3, 1, null, 0, 3, b, 0, 2, 0, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dgemm: A is null");
    }

    @Test
    void backendsAreReportedAndSelectable() {
        assertThat(Blas.isAvailable(BlasBackend.JAVA)).isTrue();
        assertThat(Blas.isAvailable(BlasBackend.NETLIB_JAVA)).isTrue();
        assertThat(Blas.isNative()).isEqualTo(Blas.backend() == BlasBackend.NATIVE);
        assertThat(Blas.provider()).startsWith(Blas.backend().id() + ": ");
        for (BlasBackend backend : BlasBackend.values()) {
            assertThat(Blas.describe(backend)).startsWith(backend.id() + ": ");
            assertThat(BlasBackend.fromId(backend.id().toUpperCase())).isEqualTo(backend);
        }
        BlasBackend before = Blas.use(BlasBackend.JAVA);
        try {
            assertThat(Blas.backend()).isEqualTo(BlasBackend.JAVA);
            assertThat(Blas.isNative()).isFalse();
        } finally {
            Blas.use(before);
        }
        assertThat(Blas.backend()).isEqualTo(before);
        assertThatThrownBy(() -> BlasBackend.fromId("mkl"))
                .hasMessage("BLAS backend 'mkl' is unknown; expected one of native, java, netlib-java");
    }

    @Test
    void theJavaBackendUsesTheVectorKernelExactlyWhenTheModuleIsPresent() {
        boolean vectorApi = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertThat(Blas.describe(BlasBackend.JAVA).contains("Gradus packed dgemm on the Vector API"))
                .isEqualTo(vectorApi);
    }

    @Test
    void theDefaultIsNativeExactlyWhenAKnownOptimisedBlasLoads() {
        // Surefire sets no netlib property, so the decision depends on gradus.blas and the search path only.
        BlasSelection expected = BlasSelection.choose(System.getProperty("gradus.blas"), null, null,
                BlasSelection.defaultSearchDirs(System.getenv(), System.getProperty("os.arch")));
        BlasBackend backend = expected.backend() == BlasBackend.NATIVE && !Blas.isAvailable(BlasBackend.NATIVE)
                ? BlasBackend.JAVA : expected.backend();
        assertThat(Blas.backend()).isEqualTo(backend);
        assertThat(Blas.reason()).startsWith(expected.reason());
        if (System.getProperty("gradus.blas") == null && Blas.isNative()) {
            assertThat(expected.library().optimised()).as(Blas.reason()).isTrue();
        }
        if (Blas.isNative()) {
            assertThat(Blas.threads()).isPositive();
        } else {
            assertThat(Blas.threads()).isEqualTo(1);
            assertThat(Blas.threadsSource()).isEqualTo("Gradus's Java kernels are single-threaded");
        }
        if (!Blas.isAvailable(BlasBackend.NATIVE)) {
            assertThat(Blas.describe(BlasBackend.NATIVE)).startsWith("native: unavailable, ");
            assertThatThrownBy(() -> Blas.use(BlasBackend.NATIVE)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("libopenblas0-pthread");
        }
    }
}
