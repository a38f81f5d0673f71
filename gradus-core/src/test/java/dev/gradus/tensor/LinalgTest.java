package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LinalgTest {
    private static final double TOL = 1e-10;

    // Plain loops, independent of the code under test.
    private static Tensor mm(Tensor a, Tensor b) {
        int m = a.dim(0), k = a.dim(1), n = b.dim(1);
        assertThat(b.dim(0)).isEqualTo(k);
        Tensor c = Tensor.zeros(m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a.get(i, p) * b.get(p, j);
                }
                c.set(s, i, j);
            }
        }
        return c;
    }

    private static Tensor t(Tensor a) {
        Tensor out = Tensor.zeros(a.dim(1), a.dim(0));
        for (int i = 0; i < a.dim(0); i++) {
            for (int j = 0; j < a.dim(1); j++) {
                out.set(a.get(i, j), j, i);
            }
        }
        return out;
    }

    private static Tensor diag(Tensor v) {
        int n = v.dim(0);
        Tensor d = Tensor.zeros(n, n);
        for (int i = 0; i < n; i++) {
            d.set(v.get(i), i, i);
        }
        return d;
    }

    private static Tensor eye(int n) {
        return diag(Tensor.ones(n));
    }

    private static Tensor matrix(int rows, int cols, double... values) {
        return Tensor.of(values, rows, cols);
    }

    private static Tensor random(RandomStream rng, int rows, int cols) {
        Tensor a = Tensor.zeros(rows, cols);
        rng.fillNormal(a.data());
        return a;
    }

    /** {@code M M^T + n I}: symmetric positive definite and well conditioned. */
    private static Tensor randomSpd(RandomStream rng, int n) {
        Tensor m = random(rng, n, n);
        Tensor a = mm(m, t(m));
        for (int i = 0; i < n; i++) {
            a.set(a.get(i, i) + n, i, i);
        }
        return a;
    }

    private static void assertClose(Tensor actual, Tensor expected, double tol) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        double scale = 1;
        for (double x : expected.data()) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.data()[i]).as("element %d", i).isCloseTo(expected.data()[i], within(tol * scale));
        }
    }

    private static void assertUpperTriangular(Tensor r) {
        for (int i = 0; i < r.dim(0); i++) {
            for (int j = 0; j < Math.min(i, r.dim(1)); j++) {
                assertThat(r.get(i, j)).as("below the diagonal at [%d, %d]", i, j).isZero();
            }
        }
    }

    @Test
    void choleskyOfAClassicExample() {
        Tensor a = matrix(3, 3, 4, 12, -16, 12, 37, -43, -16, -43, 98);
        assertClose(Linalg.cholesky(a), matrix(3, 3, 2, 0, 0, 6, 1, 0, -8, 5, 3), TOL);
    }

    @Test
    void choleskySolveFindsAKnownSolution() {
        Tensor a = matrix(3, 3, 4, 12, -16, 12, 37, -43, -16, -43, 98);
        Tensor x = Tensor.vector(1, -2, 0.5);
        Tensor b = mm(a, x.reshape(3, 1)).reshape(3);
        assertClose(Linalg.choleskySolve(a, b), x, TOL);
        Tensor xs = matrix(3, 2, 1, 0, -2, 1, 0.5, 3);
        assertClose(Linalg.choleskySolve(a, mm(a, xs)), xs, TOL);
        assertThat(a.data()).as("input untouched").containsExactly(4, 12, -16, 12, 37, -43, -16, -43, 98);
    }

    @Test
    void choleskyRefusesIndefiniteAndAsymmetricMatrices() {
        assertThatThrownBy(() -> Linalg.cholesky(matrix(2, 2, 1, 2, 2, 1)))
                .isInstanceOf(ArithmeticException.class)
                .hasMessage("cholesky: the [2, 2] matrix is not positive definite");
        assertThatThrownBy(() -> Linalg.choleskySolve(matrix(2, 2, 1, 0, 0, -1), Tensor.vector(1, 1)))
                .isInstanceOf(ArithmeticException.class)
                .hasMessage("choleskySolve: the [2, 2] matrix is not positive definite");
        assertThatThrownBy(() -> Linalg.cholesky(matrix(2, 2, 2, 1, 0, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cholesky: the [2, 2] matrix is not symmetric: A[0, 1] = 1.0 but A[1, 0] = 0.0");
    }

    @Test
    void solveFindsAKnownSolution() {
        Tensor a = matrix(2, 2, 2, 1, 1, 3);
        assertClose(Linalg.solve(a, Tensor.vector(3, 5)), Tensor.vector(0.8, 1.4), TOL);
        // A zero in the top-left corner needs a row exchange.
        Tensor p = matrix(3, 3, 0, 2, 1, 1, 1, 1, 2, 0, 3);
        Tensor x = matrix(3, 2, 1, 2, 3, 4, 5, 6);
        assertClose(Linalg.solve(p, mm(p, x)), x, TOL);
    }

    @Test
    void luReconstructsThePermutedMatrix() {
        Tensor a = random(RandomStream.of(3), 6, 6);
        LuDecomposition lu = Linalg.lu(a);
        assertClose(mm(lu.lower(), lu.upper()), mm(lu.permutation(), a), TOL);
        for (int i = 0; i < 6; i++) {
            assertThat(lu.lower().get(i, i)).isEqualTo(1.0);
            for (int j = i + 1; j < 6; j++) {
                assertThat(lu.lower().get(i, j)).as("L[%d, %d]", i, j).isZero();
            }
        }
        assertThat(lu.rowOrder()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertUpperTriangular(lu.upper());
    }

    @Test
    void singularMatricesAreRefusedBySolveAndInverseButHaveZeroDeterminant() {
        Tensor s = matrix(3, 3, 1, 2, 3, 2, 4, 6, 1, 0, 1);
        assertThatThrownBy(() -> Linalg.solve(s, Tensor.vector(1, 2, 3)))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageStartingWith("solve: the [3, 3] matrix is singular (LU pivot 2 is ");
        assertThatThrownBy(() -> Linalg.inverse(s))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageStartingWith("inverse: the [3, 3] matrix is singular");
        assertThat(Linalg.det(s)).isCloseTo(0.0, within(1e-12));
        assertThatThrownBy(() -> Linalg.inverse(Tensor.zeros(2, 2)))
                .hasMessageStartingWith("inverse: the [2, 2] matrix is singular (LU pivot 0 is 0.0)");
    }

    @Test
    void determinantsOfKnownMatrices() {
        assertThat(Linalg.det(matrix(2, 2, 1, 2, 3, 4))).isCloseTo(-2.0, within(TOL));
        assertThat(Linalg.det(matrix(2, 2, 0, 1, 1, 0))).isCloseTo(-1.0, within(TOL));
        assertThat(Linalg.det(matrix(3, 3, 2, 0, 1, 1, 3, 2, 1, 1, 2))).isCloseTo(6.0, within(TOL));
        assertThat(Linalg.det(Tensor.zeros(0, 0))).isEqualTo(1.0);
    }

    @Test
    void inverseTimesMatrixIsTheIdentity() {
        Tensor a = random(RandomStream.of(5), 7, 7);
        assertClose(mm(a, Linalg.inverse(a)), eye(7), 1e-9);
        assertClose(Linalg.inverse(matrix(2, 2, 4, 7, 2, 6)), matrix(2, 2, 0.6, -0.7, -0.2, 0.4), TOL);
    }

    @Test
    void qrReconstructsTallSquareAndWideMatrices() {
        RandomStream rng = RandomStream.of(11);
        for (int[] s : new int[][] {{7, 3}, {4, 4}, {3, 6}, {1, 5}, {5, 1}}) {
            Tensor a = random(rng, s[0], s[1]);
            QrDecomposition qr = Linalg.qr(a);
            int k = Math.min(s[0], s[1]);
            assertThat(qr.q().shape()).containsExactly(s[0], k);
            assertThat(qr.r().shape()).containsExactly(k, s[1]);
            assertClose(mm(qr.q(), qr.r()), a, TOL);
            assertClose(mm(t(qr.q()), qr.q()), eye(k), TOL);
            assertUpperTriangular(qr.r());
            for (int i = 0; i < k; i++) {
                assertThat(qr.r().get(i, i)).isGreaterThanOrEqualTo(0.0);
            }
        }
    }

    @Test
    void eighOfAKnownMatrix() {
        EigenDecomposition e = Linalg.eigh(matrix(3, 3, 2, 0, 0, 0, -1, 0, 0, 0, 5));
        assertClose(e.values(), Tensor.vector(-1, 2, 5), TOL);
        assertClose(e.vectors(), matrix(3, 3, 0, 1, 0, 1, 0, 0, 0, 0, 1), TOL);
        EigenDecomposition f = Linalg.eigh(matrix(2, 2, 2, 1, 1, 2));
        assertClose(f.values(), Tensor.vector(1, 3), TOL);
    }

    @Test
    void eighReconstructsASymmetricMatrix() {
        Tensor m = random(RandomStream.of(13), 8, 8);
        Tensor a = mm(m, t(m));
        for (int i = 0; i < 8; i++) {
            a.set(a.get(i, i) - 4, i, i); // indefinite
        }
        EigenDecomposition e = Linalg.eigh(a);
        assertClose(mm(mm(e.vectors(), diag(e.values())), t(e.vectors())), a, TOL);
        assertClose(mm(t(e.vectors()), e.vectors()), eye(8), TOL);
        for (int i = 1; i < 8; i++) {
            assertThat(e.values().get(i)).isGreaterThanOrEqualTo(e.values().get(i - 1));
        }
        assertThat(e.values().get(0)).isNegative();
    }

    @Test
    void svdReconstructsAndSortsSingularValues() {
        RandomStream rng = RandomStream.of(17);
        for (int[] s : new int[][] {{6, 4}, {4, 6}, {5, 5}, {1, 3}, {3, 1}}) {
            Tensor a = random(rng, s[0], s[1]);
            SvdDecomposition svd = Linalg.svd(a);
            int k = Math.min(s[0], s[1]);
            assertThat(svd.u().shape()).containsExactly(s[0], k);
            assertThat(svd.s().shape()).containsExactly(k);
            assertThat(svd.vt().shape()).containsExactly(k, s[1]);
            assertClose(mm(mm(svd.u(), diag(svd.s())), svd.vt()), a, TOL);
            assertClose(mm(t(svd.u()), svd.u()), eye(k), TOL);
            assertClose(mm(svd.vt(), t(svd.vt())), eye(k), TOL);
            for (int i = 0; i < k; i++) {
                assertThat(svd.s().get(i)).isGreaterThanOrEqualTo(0.0);
                if (i > 0) {
                    assertThat(svd.s().get(i)).isLessThanOrEqualTo(svd.s().get(i - 1));
                }
            }
        }
        assertClose(Linalg.svd(matrix(2, 2, 3, 0, 0, -4)).s(), Tensor.vector(4, 3), TOL);
    }

    @Test
    void resultsAreDeterministic() {
        Tensor a = randomSpd(RandomStream.of(23), 9);
        assertThat(Linalg.eigh(a).vectors().data()).isEqualTo(Linalg.eigh(a).vectors().data());
        assertThat(Linalg.svd(a).u().data()).isEqualTo(Linalg.svd(a).u().data());
        assertThat(Linalg.qr(a).q().data()).isEqualTo(Linalg.qr(a).q().data());
    }

    @Test
    void emptyMatricesGiveEmptyResults() {
        Tensor e = Tensor.zeros(0, 0);
        assertThat(Linalg.cholesky(e).shape()).containsExactly(0, 0);
        assertThat(Linalg.solve(e, Tensor.zeros(0)).shape()).containsExactly(0);
        assertThat(Linalg.inverse(e).shape()).containsExactly(0, 0);
        assertThat(Linalg.eigh(e).values().shape()).containsExactly(0);
        assertThat(Linalg.svd(Tensor.zeros(3, 0)).u().shape()).containsExactly(3, 0);
        assertThat(Linalg.qr(Tensor.zeros(0, 2)).r().shape()).containsExactly(0, 2);
        assertThat(Linalg.lu(e).rowOrder()).isEmpty();
    }

    @Test
    void badShapesAndValuesAreNamed() {
        assertThatThrownBy(() -> Linalg.solve(Tensor.zeros(2, 3), Tensor.zeros(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("solve: expected a square matrix, got shape [2, 3]");
        assertThatThrownBy(() -> Linalg.eigh(Tensor.zeros(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("eigh: expected a matrix [rows, cols], got shape [4]");
        assertThatThrownBy(() -> Linalg.solve(eye(3), Tensor.zeros(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("solve: A is [3, 3] but B is [2]; expected [3] or [3, r]");
        assertThatThrownBy(() -> Linalg.svd(matrix(2, 2, 1, 2, Double.NaN, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("svd: A [2, 2] holds NaN at [1, 0]");
        assertThatThrownBy(() -> Linalg.choleskySolve(eye(2), Tensor.vector(1, Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("choleskySolve: B [2] holds Infinity at [1]");
    }

    @Property(tries = 40, seed = "424242")
    void randomSpdMatricesDecomposeConsistently(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int n) {
        RandomStream rng = RandomStream.of(seed);
        Tensor a = randomSpd(rng, n);
        Tensor l = Linalg.cholesky(a);
        assertClose(mm(l, t(l)), a, TOL);
        for (int i = 0; i < n; i++) {
            assertThat(l.get(i, i)).isPositive();
        }

        Tensor x = random(rng, n, 2);
        Tensor b = mm(a, x);
        assertClose(Linalg.choleskySolve(a, b), x, 1e-9);
        assertClose(Linalg.solve(a, b), x, 1e-9);

        EigenDecomposition e = Linalg.eigh(a);
        double trace = 0, sum = 0, logDet = 0;
        for (int i = 0; i < n; i++) {
            trace += a.get(i, i);
            sum += e.values().get(i);
            logDet += Math.log(e.values().get(i));
            assertThat(e.values().get(i)).isPositive();
        }
        assertThat(sum).isCloseTo(trace, within(1e-9 * trace));
        assertThat(Math.log(Linalg.det(a))).isCloseTo(logDet, within(1e-9 * Math.max(1, Math.abs(logDet))));

        // For an SPD matrix the singular values are the eigenvalues.
        Tensor s = Linalg.svd(a).s();
        for (int i = 0; i < n; i++) {
            assertThat(s.get(i)).isCloseTo(e.values().get(n - 1 - i), within(1e-9 * s.get(0)));
        }
    }
}
