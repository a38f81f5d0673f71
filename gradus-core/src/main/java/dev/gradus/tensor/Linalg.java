package dev.gradus.tensor;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.LUDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Dense linear algebra on matrices ({@code [rows, cols]} tensors): solves, inverse, determinant and the
 * Cholesky, LU, QR, symmetric eigen- and singular value decompositions, for small and medium matrices.
 *
 * <p>EJML ({@code org.ejml:ejml-ddense}) does the numerical work; this class converts tensors, fixes the
 * conventions (sorted eigen- and singular values, signs of vectors) and turns failures into errors that name
 * the operation, the shape and the reason. Inputs are never modified. Right-hand sides may be a vector
 * {@code [n]} or a matrix {@code [n, r]}; the solution has the same shape.
 *
 * <pre>{@code
 * Tensor a = Tensor.of(new double[] {4, 1, 1, 3}, 2, 2);
 * Tensor x = Linalg.choleskySolve(a, Tensor.vector(1, 2));   // a x = [1, 2]
 * EigenDecomposition e = Linalg.eigh(a);                       // e.values() ascending
 * }</pre>
 *
 * <p>Singular means: an LU pivot at most {@code n * eps * max|a_ij|} in magnitude, the threshold NumPy's
 * {@code matrix_rank} uses. Symmetric means: {@code |a_ij - a_ji| <= 1e-10 * max|a_ij|}; the symmetric
 * routines then use {@code (A + A^T) / 2}.
 */
public final class Linalg {
    private static final double SYMMETRY_TOLERANCE = 1e-10;

    private Linalg() {}

    /** The lower-triangular Cholesky factor L of a symmetric positive definite A, {@code A = L L^T}. */
    public static Tensor cholesky(Tensor a) {
        int n = requireSquare("cholesky", a);
        if (n == 0) {
            return Tensor.zeros(0, 0);
        }
        DMatrixRMaj m = symmetricMatrix("cholesky", a);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        if (!chol.decompose(m)) {
            throw notPositiveDefinite("cholesky", a);
        }
        DMatrixRMaj l = chol.getT(null);
        return toTensor(l);
    }

    /** Solves {@code A X = B} for a symmetric positive definite A by Cholesky. */
    public static Tensor choleskySolve(Tensor a, Tensor b) {
        int n = requireSquare("choleskySolve", a);
        DMatrixRMaj rhs = rightHandSide("choleskySolve", a, b);
        if (n == 0) {
            return b.copy();
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(n);
        if (!solver.setA(symmetricMatrix("choleskySolve", a))) {
            throw notPositiveDefinite("choleskySolve", a);
        }
        return solve(solver, rhs, b);
    }

    /** The LU decomposition with partial pivoting of a square A. Works for singular A too. */
    public static LuDecomposition lu(Tensor a) {
        int n = requireSquare("lu", a);
        if (n == 0) {
            return new LuDecomposition(new int[0], Tensor.zeros(0, 0), Tensor.zeros(0, 0));
        }
        LUDecomposition_F64<DMatrixRMaj> lu = luOf(a);
        return new LuDecomposition(lu.getRowPivotV(null).clone(), toTensor(lu.getLower(null)),
                toTensor(lu.getUpper(null)));
    }

    /** Solves {@code A X = B} for a square, non-singular A by LU with partial pivoting. */
    public static Tensor solve(Tensor a, Tensor b) {
        int n = requireSquare("solve", a);
        DMatrixRMaj rhs = rightHandSide("solve", a, b);
        if (n == 0) {
            return b.copy();
        }
        return solve(nonSingularLu("solve", a, n), rhs, b);
    }

    /** The inverse of a square, non-singular A. Prefer {@link #solve} when the inverse is only applied. */
    public static Tensor inverse(Tensor a) {
        int n = requireSquare("inverse", a);
        if (n == 0) {
            return Tensor.zeros(0, 0);
        }
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        nonSingularLu("inverse", a, n).invert(inv);
        return toTensor(inv);
    }

    /** The determinant of a square A (zero, not an error, when A is singular). */
    public static double det(Tensor a) {
        int n = requireSquare("det", a);
        if (n == 0) {
            return 1.0;
        }
        return luOf(a).computeDeterminant().real;
    }

    /** The thin QR decomposition of an {@code [m, n]} matrix, with a non-negative diagonal in R. */
    public static QrDecomposition qr(Tensor a) {
        requireMatrix("qr", a);
        int m = a.dim(0), n = a.dim(1), k = Math.min(m, n);
        if (k == 0) {
            return new QrDecomposition(Tensor.zeros(m, 0), Tensor.zeros(0, n));
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(m, n);
        if (!qr.decompose(matrix("qr", a))) {
            throw new ArithmeticException("qr: EJML could not decompose the " + shape(a) + " matrix");
        }
        Tensor q = toTensor(qr.getQ(null, true));
        Tensor r = toTensor(qr.getR(null, true));
        double[] qd = q.data(), rd = r.data();
        for (int i = 0; i < k; i++) { // R[i, i] < 0: flip row i of R and column i of Q; Q R is unchanged
            if (rd[i * n + i] < 0) {
                for (int j = 0; j < n; j++) {
                    rd[i * n + j] = -rd[i * n + j];
                }
                for (int row = 0; row < m; row++) {
                    qd[row * k + i] = -qd[row * k + i];
                }
            }
        }
        return new QrDecomposition(q, r);
    }

    /** The eigendecomposition of a symmetric A: eigenvalues ascending, orthonormal eigenvectors as columns. */
    public static EigenDecomposition eigh(Tensor a) {
        int n = requireSquare("eigh", a);
        if (n == 0) {
            return new EigenDecomposition(Tensor.zeros(0), Tensor.zeros(0, 0));
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(symmetricMatrix("eigh", a))) {
            throw new ArithmeticException("eigh: the eigenvalue iteration did not converge for the "
                    + shape(a) + " matrix");
        }
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = eig.getEigenvalue(i).real;
        }
        int[] order = argsort(lambda, true);
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        for (int c = 0; c < n; c++) {
            values[c] = lambda[order[c]];
            double[] v = eig.getEigenVector(order[c]).data;
            double sign = signOfLargest(v, 0, 1, n);
            for (int r = 0; r < n; r++) {
                vectors[r * n + c] = sign * v[r];
            }
        }
        return new EigenDecomposition(Tensor.of(values, n), Tensor.of(vectors, n, n));
    }

    /** The thin SVD of an {@code [m, n]} matrix: singular values descending, {@code A = U diag(s) V^T}. */
    public static SvdDecomposition svd(Tensor a) {
        requireMatrix("svd", a);
        int m = a.dim(0), n = a.dim(1), k = Math.min(m, n);
        if (k == 0) {
            return new SvdDecomposition(Tensor.zeros(m, 0), Tensor.zeros(0), Tensor.zeros(0, n));
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, true, true, true);
        if (!svd.decompose(matrix("svd", a))) {
            throw new ArithmeticException("svd: the iteration did not converge for the " + shape(a)
                    + " matrix");
        }
        double[] w = svd.getSingularValues();
        double[] ue = svd.getU(null, false).data; // [m, k]
        double[] ve = svd.getV(null, false).data; // [n, k]
        int[] order = argsort(Arrays.copyOf(w, k), false);
        double[] s = new double[k], u = new double[m * k], vt = new double[k * n];
        for (int c = 0; c < k; c++) {
            int src = order[c];
            s[c] = w[src];
            double sign = signOfLargest(ue, src, k, m);
            for (int r = 0; r < m; r++) {
                u[r * k + c] = sign * ue[r * k + src];
            }
            for (int j = 0; j < n; j++) {
                vt[c * n + j] = sign * ve[j * k + src];
            }
        }
        return new SvdDecomposition(Tensor.of(u, m, k), Tensor.of(s, k), Tensor.of(vt, k, n));
    }

    private static Tensor solve(LinearSolverDense<DMatrixRMaj> solver, DMatrixRMaj rhs, Tensor b) {
        DMatrixRMaj x = new DMatrixRMaj(rhs.numRows, rhs.numCols);
        solver.solve(rhs, x);
        return Tensor.of(Arrays.copyOf(x.data, rhs.numRows * rhs.numCols), b.shape());
    }

    private static LUDecomposition_F64<DMatrixRMaj> luOf(Tensor a) {
        int n = a.dim(0);
        LUDecomposition_F64<DMatrixRMaj> lu = DecompositionFactory_DDRM.lu(n, n);
        if (!lu.decompose(matrix("lu", a))) {
            throw new ArithmeticException("lu: EJML could not decompose the " + shape(a) + " matrix");
        }
        return lu;
    }

    /** An LU solver for A, after checking that no pivot is negligible. */
    private static LinearSolverDense<DMatrixRMaj> nonSingularLu(String op, Tensor a, int n) {
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.lu(n);
        solver.setA(matrix(op, a));
        LUDecomposition_F64<DMatrixRMaj> lu = solver.getDecomposition();
        DMatrixRMaj upper = lu.getUpper(null);
        double threshold = n * Math.ulp(1.0) * maxAbs(a.data());
        for (int i = 0; i < n; i++) {
            double pivot = Math.abs(upper.get(i, i));
            if (pivot <= threshold) {
                throw new ArithmeticException(op + ": the " + shape(a) + " matrix is singular (LU pivot "
                        + i + " is " + upper.get(i, i) + ")");
            }
        }
        return solver;
    }

    private static void requireMatrix(String op, Tensor a) {
        if (a.rank() != 2) {
            throw new IllegalArgumentException(op + ": expected a matrix [rows, cols], got shape " + shape(a));
        }
    }

    private static int requireSquare(String op, Tensor a) {
        requireMatrix(op, a);
        if (a.dim(0) != a.dim(1)) {
            throw new IllegalArgumentException(op + ": expected a square matrix, got shape " + shape(a));
        }
        return a.dim(0);
    }

    /** B as an {@code [n, r]} EJML matrix; a vector B is one column. */
    private static DMatrixRMaj rightHandSide(String op, Tensor a, Tensor b) {
        int n = a.dim(0);
        if ((b.rank() != 1 && b.rank() != 2) || b.dim(0) != n) {
            throw new IllegalArgumentException(op + ": A is " + shape(a) + " but B is "
                    + shape(b) + "; expected [" + n + "] or [" + n + ", r]");
        }
        requireFinite(op, "B", b);
        int cols = b.rank() == 1 ? 1 : b.dim(1);
        return new DMatrixRMaj(n, cols, true, b.data().clone());
    }

    /** A copy of A as an EJML matrix (EJML may overwrite its input); refuses NaN and infinity. */
    private static DMatrixRMaj matrix(String op, Tensor a) {
        requireFinite(op, "A", a);
        return new DMatrixRMaj(a.dim(0), a.dim(1), true, a.data().clone());
    }

    /** {@code (A + A^T) / 2}, after checking that A is symmetric up to rounding. */
    private static DMatrixRMaj symmetricMatrix(String op, Tensor a) {
        DMatrixRMaj m = matrix(op, a);
        int n = a.dim(0);
        double[] d = m.data;
        double tol = SYMMETRY_TOLERANCE * maxAbs(d);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double x = d[i * n + j], y = d[j * n + i];
                if (Math.abs(x - y) > tol) {
                    throw new IllegalArgumentException(op + ": the " + shape(a) + " matrix is not symmetric: A["
                            + i + ", " + j + "] = " + x + " but A[" + j + ", " + i + "] = " + y);
                }
                double mean = 0.5 * (x + y);
                d[i * n + j] = mean;
                d[j * n + i] = mean;
            }
        }
        return m;
    }

    private static void requireFinite(String op, String name, Tensor t) {
        double[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            if (!Double.isFinite(d[i])) {
                int cols = t.rank() == 2 ? t.dim(1) : d.length;
                String at = t.rank() == 2 ? "[" + i / cols + ", " + i % cols + "]" : "[" + i + "]";
                throw new IllegalArgumentException(op + ": " + name + " " + shape(t) + " holds " + d[i]
                        + " at " + at);
            }
        }
    }

    private static ArithmeticException notPositiveDefinite(String op, Tensor a) {
        return new ArithmeticException(op + ": the " + shape(a) + " matrix is not positive definite");
    }

    private static String shape(Tensor t) {
        return Arrays.toString(t.shape());
    }

    private static Tensor toTensor(DMatrixRMaj m) {
        return Tensor.of(Arrays.copyOf(m.data, m.numRows * m.numCols), m.numRows, m.numCols);
    }

    private static double maxAbs(double[] d) {
        double max = 0;
        for (double x : d) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }

    /** +1 or -1: the sign of the entry of largest magnitude among {@code n} entries from {@code start} by {@code stride}. */
    private static double signOfLargest(double[] v, int start, int stride, int n) {
        double best = 0;
        for (int i = 0; i < n; i++) {
            double x = v[start + i * stride];
            if (Math.abs(x) > Math.abs(best)) {
                best = x;
            }
        }
        return best < 0 ? -1.0 : 1.0;
    }

    /** Indices that sort {@code x}; ties keep their original order, so the result is deterministic. */
    private static int[] argsort(double[] x, boolean ascending) {
        Integer[] idx = new Integer[x.length];
        for (int i = 0; i < x.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> ascending ? Double.compare(x[p], x[q]) : Double.compare(x[q], x[p]));
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
