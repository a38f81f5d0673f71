package dev.gradus.optim.optimizer;

import dev.gradus.tensor.Blas;
import dev.gradus.tensor.RandomStream;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The subspace of one projectable tensor in {@link Frugal}: how its gradient G (viewed as an m×n matrix,
 * m = first dimension) is split into a low-dimensional part for the state-full optimizer and a residual
 * for the state-free rule, and how a low-dimensional update is lifted back.
 *
 * <ul>
 *   <li>{@code RIGHT} (SVD or random, m ≥ n): P is r×n with orthonormal rows, r = round(n·density);
 *       {@code low = G Pᵀ} (m×r), {@code lift(U) = U P}.</li>
 *   <li>{@code LEFT} (SVD or random, m &lt; n): Q is m×r with orthonormal columns, r = round(m·density);
 *       {@code low = Qᵀ G} (r×n), {@code lift(U) = Q U}.</li>
 *   <li>{@code COLUMNS}, {@code ROWS}, {@code RANDK}: r random columns, r random rows or k random entries
 *       (round of the dimension times density), kept sorted; low is the gather, lift the scatter.</li>
 *   <li>{@code BLOCK}: the whole tensor or nothing (a 1-element flag): active tensors get the state-full
 *       optimizer on all of G, inactive ones the state-free rule on all of G.</li>
 * </ul>
 * The projector (P, Q, the indices as doubles, or the flag) is a tensor of {@link #projectorShape()} in
 * the optimizer state, so it is saved and restored with it. Rounding is Python's (half to even), as the
 * reference computes {@code round(n * density)}. SVD and QR use EJML, matrix products the BLAS facade.
 */
final class FrugalProjection {

    /** How the subspace is represented. */
    enum Kind { RIGHT, LEFT, COLUMNS, ROWS, RANDK, BLOCK }

    final Kind kind;
    final int m;
    final int n;
    /** The subspace dimension: columns of P's row space, rows or columns kept, or entries kept. */
    final int r;

    private FrugalProjection(Kind kind, int m, int n, int r) {
        this.kind = kind;
        this.m = m;
        this.n = n;
        this.r = r;
    }

    /**
     * The layout for a tensor of {@code shape} (viewed as [shape[0], rest]) under {@code projType}
     * ("svd", "random", "coordinate", "block") and, for coordinates, {@code coordChoice} ("columns",
     * "rows", "randk").
     */
    static FrugalProjection of(String projType, String coordChoice, int[] shape, double density) {
        int m = shape.length == 0 ? 1 : shape[0];
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        int n = m == 0 ? 0 : size / m;
        return switch (projType) {
            case "svd", "random" -> m >= n ? new FrugalProjection(Kind.RIGHT, m, n, round(n * density))
                    : new FrugalProjection(Kind.LEFT, m, n, round(m * density));
            case "coordinate" -> switch (coordChoice) {
                case "columns" -> new FrugalProjection(Kind.COLUMNS, m, n, round(n * density));
                case "rows" -> new FrugalProjection(Kind.ROWS, m, n, round(m * density));
                case "randk" -> new FrugalProjection(Kind.RANDK, m, n, round((double) m * n * density));
                default -> throw new IllegalArgumentException("frugal: unknown coord_choice \"" + coordChoice + "\"");
            };
            case "block" -> new FrugalProjection(Kind.BLOCK, m, n, m * n);
            default -> throw new IllegalArgumentException("frugal: unknown proj_type \"" + projType + "\"");
        };
    }

    /**
     * GaLore's layout for a tensor of {@code shape}: the right projection when m ≥ n, else the left, of
     * rank {@code min(rank, n)} or {@code min(rank, m)} (the reference's {@code proj_type="std"}).
     */
    static FrugalProjection ofRank(int[] shape, int rank) {
        FrugalProjection full = of("svd", "columns", shape, 1.0);
        return new FrugalProjection(full.kind, full.m, full.n, Math.min(rank, full.r));
    }

    /** Python's round(): to the nearest integer, halves to even. */
    static int round(double x) {
        return (int) Math.rint(x);
    }

    /** Shape of the low-dimensional gradient the state-full optimizer sees. */
    int[] lowShape() {
        return switch (kind) {
            case RIGHT, COLUMNS -> new int[] {m, r};
            case LEFT, ROWS -> new int[] {r, n};
            case RANDK -> new int[] {r};
            case BLOCK -> new int[] {m, n};
        };
    }

    /** Shape of the projector held in the state. */
    int[] projectorShape() {
        return switch (kind) {
            case RIGHT -> new int[] {r, n};
            case LEFT -> new int[] {m, r};
            case COLUMNS, ROWS, RANDK -> new int[] {r};
            case BLOCK -> new int[] {1};
        };
    }

    /** True when the subspace is the whole space, so the residual is exactly zero. */
    boolean full() {
        return switch (kind) {
            case RIGHT, COLUMNS -> r == n;
            case LEFT, ROWS -> r == m;
            case RANDK -> r == m * n;
            case BLOCK -> false;
        };
    }

    /**
     * Chooses a new subspace into {@code proj}: from the SVD of the gradient {@code g} for "svd", else
     * from {@code rng} (a random semi-orthogonal matrix, or random sorted indices). Not for {@code BLOCK},
     * whose activation {@link Frugal} decides over all tensors.
     */
    void refresh(boolean svd, double[] g, RandomStream rng, double[] proj, String name) {
        switch (kind) {
            case RIGHT, LEFT -> {
                if (r == 0) {
                    return;
                }
                if (svd) {
                    topSingularVectors(g, proj, name);
                } else {
                    randomOrthonormal(rng, proj, name);
                }
            }
            case COLUMNS -> indices(rng, n, proj);
            case ROWS -> indices(rng, m, proj);
            case RANDK -> indices(rng, m * n, proj);
            case BLOCK -> throw new IllegalStateException("block projectors are refreshed by Frugal");
        }
    }

    private void indices(RandomStream rng, int bound, double[] proj) {
        int[] idx = rng.choice(bound, r, false);
        Arrays.sort(idx);
        for (int k = 0; k < r; k++) {
            proj[k] = idx[k];
        }
    }

    /** RIGHT: P = the top-r rows of Vᵀ; LEFT: Q = the top-r columns of U, of the SVD G = U Σ Vᵀ. */
    private void topSingularVectors(double[] g, double[] proj, String name) {
        DMatrixRMaj a = new DMatrixRMaj(m, n);
        System.arraycopy(g, 0, a.data, 0, m * n);
        boolean right = kind == Kind.RIGHT;
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, !right, right, true);
        if (!svd.decompose(a)) {
            throw new IllegalStateException("frugal: SVD of the gradient of '" + name + "' did not converge");
        }
        DMatrixRMaj w = svd.getW(null);
        if (right) {
            DMatrixRMaj v = svd.getV(null, false); // n × n, columns are right singular vectors
            SingularOps_DDRM.descendingOrder(null, false, w, v, false);
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < n; j++) {
                    proj[i * n + j] = v.get(j, i);
                }
            }
        } else {
            DMatrixRMaj u = svd.getU(null, false); // m × m, columns are left singular vectors
            SingularOps_DDRM.descendingOrder(u, false, w, null, false);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < r; j++) {
                    proj[i * r + j] = u.get(i, j);
                }
            }
        }
    }

    /** An orthonormal basis of r Gaussian directions (QR of a Gaussian matrix), as P (RIGHT) or Q (LEFT). */
    private void randomOrthonormal(RandomStream rng, double[] proj, String name) {
        int dim = kind == Kind.RIGHT ? n : m;
        DMatrixRMaj a = new DMatrixRMaj(dim, r);
        rng.fillNormal(a.data);
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(dim, r);
        if (!qr.decompose(a)) {
            throw new IllegalStateException("frugal: QR of the random basis of '" + name + "' failed");
        }
        DMatrixRMaj q = qr.getQ(null, true); // dim × r
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < r; j++) {
                if (kind == Kind.RIGHT) {
                    proj[j * n + i] = q.get(i, j);
                } else {
                    proj[i * r + j] = q.get(i, j);
                }
            }
        }
    }

    /** {@code low} ← the projection of {@code x} (m·n values). */
    void project(double[] proj, double[] x, double[] low) {
        switch (kind) {
            case RIGHT -> Blas.dgemm(false, true, m, r, n, 1.0, x, 0, n, proj, 0, n, 0.0, low, 0, r);
            case LEFT -> Blas.dgemm(true, false, r, n, m, 1.0, proj, 0, r, x, 0, n, 0.0, low, 0, n);
            case COLUMNS -> {
                for (int i = 0; i < m; i++) {
                    for (int k = 0; k < r; k++) {
                        low[i * r + k] = x[i * n + (int) proj[k]];
                    }
                }
            }
            case ROWS -> {
                for (int k = 0; k < r; k++) {
                    System.arraycopy(x, (int) proj[k] * n, low, k * n, n);
                }
            }
            case RANDK -> {
                for (int k = 0; k < r; k++) {
                    low[k] = x[(int) proj[k]];
                }
            }
            case BLOCK -> {
                if (proj[0] != 0) {
                    System.arraycopy(x, 0, low, 0, m * n);
                } else {
                    Arrays.fill(low, 0, m * n, 0.0);
                }
            }
        }
    }

    /** {@code out[0, m·n)} ← the lift of {@code low} (zero outside the subspace); {@code out} may be longer. */
    void lift(double[] proj, double[] low, double[] out) {
        switch (kind) {
            case RIGHT -> Blas.dgemm(false, false, m, n, r, 1.0, low, 0, r, proj, 0, n, 0.0, out, 0, n);
            case LEFT -> Blas.dgemm(false, false, m, n, r, 1.0, proj, 0, r, low, 0, n, 0.0, out, 0, n);
            case COLUMNS -> {
                Arrays.fill(out, 0, m * n, 0.0);
                for (int i = 0; i < m; i++) {
                    for (int k = 0; k < r; k++) {
                        out[i * n + (int) proj[k]] = low[i * r + k];
                    }
                }
            }
            case ROWS -> {
                Arrays.fill(out, 0, m * n, 0.0);
                for (int k = 0; k < r; k++) {
                    System.arraycopy(low, k * n, out, (int) proj[k] * n, n);
                }
            }
            case RANDK -> {
                Arrays.fill(out, 0, m * n, 0.0);
                for (int k = 0; k < r; k++) {
                    out[(int) proj[k]] = low[k];
                }
            }
            case BLOCK -> {
                if (proj[0] != 0) {
                    System.arraycopy(low, 0, out, 0, m * n);
                } else {
                    Arrays.fill(out, 0, m * n, 0.0);
                }
            }
        }
    }

    /**
     * {@code g} ← g − lift(low), the residual the state-free rule sees, where {@code low} is the projection
     * of {@code g}. Exactly zero when the subspace is the whole space (SVD rounding would otherwise leave
     * noise that the sign rule would amplify to ±lr).
     */
    void removeProjected(double[] proj, double[] g, double[] low) {
        if (full()) {
            Arrays.fill(g, 0, m * n, 0.0);
            return;
        }
        switch (kind) {
            case RIGHT -> Blas.dgemm(false, false, m, n, r, -1.0, low, 0, r, proj, 0, n, 1.0, g, 0, n);
            case LEFT -> Blas.dgemm(false, false, m, n, r, -1.0, proj, 0, r, low, 0, n, 1.0, g, 0, n);
            case COLUMNS -> {
                for (int i = 0; i < m; i++) {
                    for (int k = 0; k < r; k++) {
                        g[i * n + (int) proj[k]] = 0.0;
                    }
                }
            }
            case ROWS -> {
                for (int k = 0; k < r; k++) {
                    Arrays.fill(g, (int) proj[k] * n, ((int) proj[k] + 1) * n, 0.0);
                }
            }
            case RANDK -> {
                for (int k = 0; k < r; k++) {
                    g[(int) proj[k]] = 0.0;
                }
            }
            case BLOCK -> {
                if (proj[0] != 0) {
                    Arrays.fill(g, 0, m * n, 0.0);
                }
            }
        }
    }
}
