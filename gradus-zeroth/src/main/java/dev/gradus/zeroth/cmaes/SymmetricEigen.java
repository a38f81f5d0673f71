package dev.gradus.zeroth.cmaes;

/**
 * The eigendecomposition {@code C = B diag(λ) Bᵀ} of a symmetric matrix: Householder reduction to tridiagonal form,
 * then the implicit QL method with Wilkinson-type shifts, accumulating the transformations (EISPACK's
 * {@code tred2} and {@code tql2}, in the form of JAMA's public-domain {@code EigenvalueDecomposition}; Golub and
 * Van Loan, "Matrix Computations", §8.3), on the transposed layout so that every inner loop runs along a row.
 *
 * <p>Why not EJML's {@code SymmetricQRAlgorithmDecomposition_DDRM}, which {@code Linalg.eigh} uses: CMA-ES decomposes
 * a small matrix (n = 20 in the DEAP comparison) over a thousand times in a run that lasts a fraction of a second, so
 * much of the run executes before the JIT has compiled its hot code. Measured on this machine on Rosenbrock-20
 * (36,000 evaluations, 1,500 decompositions, three fresh JVMs each), EJML made the compiled run 1.8x faster than the
 * warm-started Jacobi sweeps this class had before, but the first run slower (0.35-0.58 s of CPU against
 * 0.30-0.46 s), its many small generic methods reaching the optimising compiler late; this class's loops gave
 * 0.24-0.31 s and the compiled speed of EJML (0.19-0.24 s once its contiguous loops went into {@link Rows}). Work
 * arrays are allocated once per instance, and the order of operations is fixed: the same input gives the same bits.
 */
final class SymmetricEigen {
    private final int n;
    /** The matrix, then the accumulated Householder transformations Qᵀ, then the eigenvectors as rows. */
    private final double[] v;
    private final double[] d;
    private final double[] e;

    SymmetricEigen(int n) {
        this.n = n;
        this.v = new double[n * n];
        this.d = new double[n];
        this.e = new double[n];
    }

    /**
     * Decomposes the symmetric {@code c} ([n, n], row-major): the eigenvectors go into the columns of {@code b}
     * ([n, n], row-major) and the eigenvalues into {@code values}, in ascending order.
     *
     * @throws ArithmeticException if {@code c} has a non-finite entry, or the QL iteration does not converge
     */
    void decompose(double[] c, double[] b, double[] values) {
        for (int i = 0; i < n * n; i++) {
            if (!Double.isFinite(c[i])) {
                throw new ArithmeticException("cmaes: the covariance matrix has a non-finite entry " + c[i] + " at ("
                        + i / n + ", " + i % n + ")");
            }
        }
        System.arraycopy(c, 0, v, 0, n * n);
        tridiagonalize();
        diagonalize();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                b[k * n + i] = v[i * n + k];
            }
            values[i] = d[i];
        }
    }

    /**
     * tred2 on the transposed layout: JAMA's {@code V[a][b]} is {@code v[b * n + a]} here, so its column loops run along
     * rows of {@code v} (C is symmetric, so the input needs no transposing) and the result is Qᵀ, the layout the QL phase
     * rotates. d ← the tridiagonal's diagonal, e[1..n-1] ← its subdiagonal.
     */
    private void tridiagonalize() {
        for (int j = 0; j < n; j++) {
            d[j] = v[j * n + n - 1];
        }
        for (int i = n - 1; i > 0; i--) {
            reduce(i);
        }
        // Accumulate the transformations.
        for (int i = 0; i < n - 1; i++) {
            accumulate(i);
        }
        for (int j = 0; j < n; j++) {
            d[j] = v[j * n + n - 1];
            v[j * n + n - 1] = 0;
        }
        v[(n - 1) * n + n - 1] = 1;
        e[0] = 0;
    }

    /** One Householder step: row and column i of the remaining leading block reduced to tridiagonal form. */
    private void reduce(int i) {
        double scale = 0;
        double h = 0;
        for (int k = 0; k < i; k++) {
            scale += Math.abs(d[k]);
        }
        if (scale == 0) {
            e[i] = d[i - 1];
            for (int j = 0; j < i; j++) {
                d[j] = v[j * n + i - 1];
                v[j * n + i] = 0;
                v[i * n + j] = 0;
            }
        } else {
            for (int k = 0; k < i; k++) {
                d[k] /= scale;
                h += d[k] * d[k];
            }
            double f = d[i - 1];
            double g = Math.sqrt(h);
            if (f > 0) {
                g = -g;
            }
            e[i] = scale * g;
            h -= f * g;
            d[i - 1] = f - g;
            for (int j = 0; j < i; j++) {
                e[j] = 0;
            }
            for (int j = 0; j < i; j++) {
                f = d[j];
                int row = j * n;
                v[i * n + j] = f;
                g = Rows.dot(e[j] + v[row + j] * f, v, row + j + 1, d, j + 1, i - 1 - j);
                Rows.axpy(f, v, row + j + 1, e, j + 1, i - 1 - j);
                e[j] = g;
            }
            f = 0;
            for (int j = 0; j < i; j++) {
                e[j] /= h;
                f += e[j] * d[j];
            }
            double hh = f / (h + h);
            for (int j = 0; j < i; j++) {
                e[j] -= hh * d[j];
            }
            for (int j = 0; j < i; j++) {
                f = d[j];
                g = e[j];
                int row = j * n;
                Rows.subtractRankTwo(f, e, g, d, j, v, row + j, i - j);
                d[j] = v[row + i - 1];
                v[row + i] = 0;
            }
        }
        d[i] = h;
    }

    /** Applies the Householder reflector of step i + 1 to the first i + 1 rows accumulated so far. */
    private void accumulate(int i) {
        v[i * n + n - 1] = v[i * n + i];
        v[i * n + i] = 1;
        double h = d[i + 1];
        int next = (i + 1) * n;
        if (h != 0) {
            for (int k = 0; k <= i; k++) {
                d[k] = v[next + k] / h;
            }
            for (int j = 0; j <= i; j++) {
                int row = j * n;
                double g = Rows.dot(0, v, next, v, row, i + 1);
                Rows.axpy(-g, d, 0, v, row, i + 1);
            }
        }
        for (int k = 0; k <= i; k++) {
            v[next + k] = 0;
        }
    }

    /** tql2 on Qᵀ: d ← the eigenvalues (ascending), the rows of v ← the eigenvectors. */
    private void diagonalize() {
        for (int i = 1; i < n; i++) {
            e[i - 1] = e[i];
        }
        e[n - 1] = 0;
        double f = 0;
        double tst1 = 0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n && Math.abs(e[m]) > eps * tst1) {
                m++;
            }
            int iterations = 0;
            while (m > l) {
                if (++iterations > 60) {
                    throw new ArithmeticException("cmaes: the eigenvalue iteration did not converge");
                }
                f += qlStep(l, m);
                if (Math.abs(e[l]) <= eps * tst1) {
                    break;
                }
            }
            d[l] += f;
            e[l] = 0;
        }
        // Selection sort into ascending order (n swaps at most; the rows of v move with their values).
        for (int i = 0; i < n - 1; i++) {
            int k = i;
            double p = d[i];
            for (int j = i + 1; j < n; j++) {
                if (d[j] < p) {
                    k = j;
                    p = d[j];
                }
            }
            if (k != i) {
                d[k] = d[i];
                d[i] = p;
                for (int j = 0; j < n; j++) {
                    double t = v[i * n + j];
                    v[i * n + j] = v[k * n + j];
                    v[k * n + j] = t;
                }
            }
        }
    }

    /**
     * One implicit QL step with a Wilkinson-type shift on the unreduced block l..m of the tridiagonal matrix; returns
     * the shift, which the caller accumulates.
     */
    private double qlStep(int l, int m) {
        double g = d[l];
        double p = (d[l + 1] - g) / (2 * e[l]);
        double r = hypot(p, 1);
        if (p < 0) {
            r = -r;
        }
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        double dl1 = d[l + 1];
        double h = g - d[l];
        double shift = h;
        for (int i = l + 2; i < n; i++) {
            d[i] -= h;
        }
        p = d[m];
        double c = 1;
        double c2 = c;
        double c3 = c;
        double el1 = e[l + 1];
        double s = 0;
        double s2 = 0;
        // i = m - 1 down to l, counted upwards: C2's loop-limit predicate for the downward form failed once a run
        // (an uncommon trap in the middle of a short run, then hundreds of generations without compiled code).
        for (int q = 0; q < m - l; q++) {
            int i = m - 1 - q;
            c3 = c2;
            c2 = c;
            s2 = s;
            g = c * e[i];
            h = c * p;
            r = hypot(p, e[i]);
            e[i + 1] = s * r;
            s = e[i] / r;
            c = p / r;
            p = c * d[i] - s * g;
            d[i + 1] = h + s * (c * g + s * d[i]);
            rotateRows(i * n, c, s);
        }
        p = -s * s2 * c3 * el1 * e[l] / dl1;
        e[l] = s * p;
        d[l] = c * p;
        return shift;
    }

    /**
     * Rows {@code i} and {@code i + 1} of v (starting at {@code ri}) ← their Givens rotation. Its own small method so
     * that the JIT compiles the hottest loop early in a short run.
     */
    private void rotateRows(int ri, double c, double s) {
        int rj = ri + n;
        for (int k = 0; k < n; k++) {
            double h = v[rj + k];
            v[rj + k] = s * v[ri + k] + c * h;
            v[ri + k] = c * v[ri + k] - s * h;
        }
    }

    /**
     * √(a² + b²) within 2 ulps of {@code Math.hypot} (checked on 2·10⁷ random pairs over the whole double range, and by
     * a property test), which avoids overflow and underflow as carefully but took a sixth of a whole CMA-ES run: the
     * plain formula wherever the squares can neither overflow nor lose the smaller term (the larger magnitude in
     * [1e-150, 1e150]), the larger magnitude factored out elsewhere; infinities and NaNs as {@code Math.hypot}.
     */
    static double hypot(double a, double b) {
        double x = Math.abs(a);
        double y = Math.abs(b);
        if (x < y) {
            double t = x;
            x = y;
            y = t;
        }
        if (x >= 1e-150 && x <= 1e150) {
            return Math.sqrt(x * x + y * y);
        }
        if (x == Double.POSITIVE_INFINITY || y == Double.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY; // as Math.hypot, even beside a NaN
        }
        if (x == 0 || x != x || y != y) {
            return x + y; // 0, or NaN
        }
        double r = y / x;
        return x * Math.sqrt(1 + r * r);
    }
}
