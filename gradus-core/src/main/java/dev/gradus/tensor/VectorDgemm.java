package dev.gradus.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The pure-Java dgemm behind {@link BlasBackend#JAVA}: a packed, cache-blocked product with a
 * register-blocked micro-kernel on the JDK Vector API.
 *
 * <p>Why hand-written: netlib's own Java backends reach about 6 GFLOPS (Java11BLAS) and 11 GFLOPS
 * (VectorBLAS, which does not pack or block for registers) at n = 512 on the reference machine, far
 * below the 30 GFLOPS per core that Gradus targets without native BLAS. The structure is that of
 * GotoBLAS/BLIS (Goto and van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS
 * 2008): a {@code KC x NC} panel of op(B) is packed into column slivers {@code NR} wide, an
 * {@code MC x KC} block of op(A) into row slivers {@code MR} tall, and a micro-kernel keeps an
 * {@code MR x NR} tile of C in {@code 2 * MR} vector registers while it streams through both slivers.
 *
 * <p>This class links against the incubating module {@code jdk.incubator.vector}; {@link Blas} loads it
 * only when that module is in the boot layer ({@code --add-modules jdk.incubator.vector}).
 *
 * <p>Every element of C is accumulated in a fixed order (over k, block by block), so results are
 * deterministic for a given shape and vector width. The kernel is single-threaded.
 */
final class VectorDgemm {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /**
     * Rows of the register tile. Four rows of two vectors keep 8 accumulators, 2 B vectors and the A
     * broadcasts within the 16 AVX2 registers even when C2 hoists all broadcasts; a 6-row tile (12
     * accumulators, as in OpenBLAS's assembly kernels) measured 2x slower here because C2 spilled.
     */
    private static final int MR = 4;
    /** Columns of the register tile: two vectors. */
    private static final int NR = 2 * LANES;
    /** Depth of a packed block: an {@code NR x KC} sliver of B stays in L1. */
    private static final int KC = 256;
    /** Rows of a packed block of A: {@code MC x KC} doubles stay in L2. A multiple of MR. */
    private static final int MC = 96;
    /** Columns of a packed panel of B: stays in L3. A multiple of NR. */
    private static final int NC = 2048;

    /** Packing buffers, one pair per thread, grown on demand so that repeated products do not allocate. */
    private static final ThreadLocal<double[][]> WORKSPACE = ThreadLocal.withInitial(() -> new double[][] {
            new double[MC * KC], new double[0], new double[MR * NR]});

    private VectorDgemm() {}

    /** A short description of the kernel for provider reports, e.g. {@code 256-bit vectors, 6x8 tile}. */
    static String describe() {
        return SPECIES.vectorBitSize() + "-bit vectors, " + MR + "x" + NR + " tile";
    }

    /**
     * Row-major {@code C += alpha * op(A) * op(B)}; the caller has already scaled C by beta and handled
     * empty shapes. Arguments as in {@link Blas#dgemm}.
     */
    static void multiplyAdd(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double[] c, int cOff, int ldc) {
        if (n == 1) { // matrix times vector: C[:, 0] += alpha * op(A) op(B)[:, 0]
            matVec(transA, transA ? k : m, transA ? m : k, alpha, a, aOff, lda, b, bOff, transB ? 1 : ldb,
                    c, cOff, ldc);
            return;
        }
        if (m == 1) { // vector times matrix, as C^T = op(B)^T op(A)^T
            matVec(!transB, transB ? n : k, transB ? k : n, alpha, b, bOff, ldb, a, aOff, transA ? lda : 1,
                    c, cOff, 1);
            return;
        }
        double[][] ws = WORKSPACE.get();
        int panelCols = roundUp(Math.min(n, NC), NR);
        if (ws[1].length < KC * panelCols) {
            ws[1] = new double[KC * panelCols];
        }
        double[] ap = ws[0];
        double[] bp = ws[1];
        double[] edge = ws[2];
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
                    for (int js = 0; js < nc; js += NR) {
                        int cols = Math.min(NR, nc - js);
                        int bBase = js * kc; // sliver js / NR starts at (js / NR) * kc * NR
                        for (int is = 0; is < mc; is += MR) {
                            int rows = Math.min(MR, mc - is);
                            int aBase = is * kc;
                            int cAt = cOff + (ic + is) * ldc + jc + js;
                            if (rows == MR && cols == NR) {
                                kernel(kc, ap, aBase, bp, bBase, alpha, c, cAt, ldc);
                            } else {
                                java.util.Arrays.fill(edge, 0.0);
                                kernel(kc, ap, aBase, bp, bBase, alpha, edge, 0, NR);
                                for (int r = 0; r < rows; r++) {
                                    for (int j = 0; j < cols; j++) {
                                        c[cAt + r * ldc + j] += edge[r * NR + j];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Row-major {@code C += alpha * op(A) * B} for tiny products, without packing: B is row-major with
     * contiguous rows (the caller transposes it first if needed). For each block of columns, a few rows of C
     * stay in registers while p runs over k. Each element of C is one fused multiply-add chain over p from
     * zero, then {@code c += alpha * s}, whatever the block; several rows run side by side only so that
     * their independent chains hide the latency of one fma (a single chain of k fmas is latency-bound).
     * With {@code overwrite} (beta = 0), C is not read: each element is {@code fma(alpha, s, +0.0)}, the bits
     * that clearing C first and adding into it would give, without the pass that clears it.
     */
    static void smallMultiplyAdd(boolean transA, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                                 double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean overwrite) {
        int aRowStep = transA ? 1 : lda; // op(A)[i, p] = a[aOff + i * aRowStep + p * aColStep]
        int aColStep = transA ? lda : 1;
        int jb = 0;
        // one method per column block, so that each loop nest is compiled (and profiled) on its own
        jb = fourVectorBlocks(m, n, k, alpha, a, aOff, aRowStep, aColStep, b, bOff, ldb, c, cOff, ldc, overwrite, jb);
        jb = oneVectorBlocks(m, n, k, alpha, a, aOff, aRowStep, aColStep, b, bOff, ldb, c, cOff, ldc, overwrite, jb);
        singleColumns(m, n, k, alpha, a, aOff, aRowStep, aColStep, b, bOff, ldb, c, cOff, ldc, overwrite, jb);
    }

    /** Columns {@code jb, jb + 4 LANES, ...}: blocks of four vectors, two rows at a time. Returns the first column it left. */
    private static int fourVectorBlocks(int m, int n, int k, double alpha, double[] a, int aOff, int aRowStep, int aColStep,
                                 double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean overwrite, int jb) {
        DoubleVector al = DoubleVector.broadcast(SPECIES, alpha);
        for (; jb + 4 * LANES <= n; jb += 4 * LANES) {
            int i = 0;
            for (; i + 2 <= m; i += 2) { // two rows: 8 accumulators, each B vector loaded once for both
                DoubleVector s0 = DoubleVector.zero(SPECIES);
                DoubleVector s1 = s0;
                DoubleVector s2 = s0;
                DoubleVector s3 = s0;
                DoubleVector t0 = s0;
                DoubleVector t1 = s0;
                DoubleVector t2 = s0;
                DoubleVector t3 = s0;
                int aAt = aOff + i * aRowStep;
                int bAt = bOff + jb;
                for (int p = 0; p < k; p++) {
                    DoubleVector x = DoubleVector.broadcast(SPECIES, a[aAt + p * aColStep]);
                    DoubleVector y = DoubleVector.broadcast(SPECIES, a[aAt + aRowStep + p * aColStep]);
                    int at = bAt + p * ldb;
                    DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, at);
                    DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, at + LANES);
                    s0 = x.fma(b0, s0);
                    t0 = y.fma(b0, t0);
                    s1 = x.fma(b1, s1);
                    t1 = y.fma(b1, t1);
                    DoubleVector b2 = DoubleVector.fromArray(SPECIES, b, at + 2 * LANES);
                    DoubleVector b3 = DoubleVector.fromArray(SPECIES, b, at + 3 * LANES);
                    s2 = x.fma(b2, s2);
                    t2 = y.fma(b2, t2);
                    s3 = x.fma(b3, s3);
                    t3 = y.fma(b3, t3);
                }
                int cAt = cOff + i * ldc + jb;
                store(s0, s1, al, c, cAt, overwrite);
                store(s2, s3, al, c, cAt + 2 * LANES, overwrite);
                store(t0, t1, al, c, cAt + ldc, overwrite);
                store(t2, t3, al, c, cAt + ldc + 2 * LANES, overwrite);
            }
            if (i < m) { // an odd row left (m = 1: a vector times a matrix)
                fourVectorRow(k, a, aOff + i * aRowStep, aColStep, b, bOff + jb, ldb, al, c, cOff + i * ldc + jb,
                        overwrite);
            }
        }
        return jb;
    }

    /**
     * One row of C, four vectors wide, from the row of op(A) at {@code aAt}: its own method, so that the JIT
     * compiles it on the profile of the products that need it (a single row) rather than as a rarely taken
     * tail of the two-row loop.
     */
    private static void fourVectorRow(int k, double[] a, int aAt, int aColStep, double[] b, int bAt, int ldb,
                                      DoubleVector al, double[] c, int cAt, boolean overwrite) {
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        for (int p = 0; p < k; p++) {
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[aAt + p * aColStep]);
            int at = bAt + p * ldb;
            s0 = x.fma(DoubleVector.fromArray(SPECIES, b, at), s0);
            s1 = x.fma(DoubleVector.fromArray(SPECIES, b, at + LANES), s1);
            s2 = x.fma(DoubleVector.fromArray(SPECIES, b, at + 2 * LANES), s2);
            s3 = x.fma(DoubleVector.fromArray(SPECIES, b, at + 3 * LANES), s3);
        }
        store(s0, s1, al, c, cAt, overwrite);
        store(s2, s3, al, c, cAt + 2 * LANES, overwrite);
    }

    /** Columns in blocks of one vector, four rows at a time. Returns the first column it left. */
    private static int oneVectorBlocks(int m, int n, int k, double alpha, double[] a, int aOff, int aRowStep, int aColStep,
                                 double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean overwrite, int jb) {
        DoubleVector al = DoubleVector.broadcast(SPECIES, alpha);
        for (; jb + LANES <= n; jb += LANES) {
            int i = 0;
            for (; i + 4 <= m; i += 4) { // four rows: four independent chains
                DoubleVector s0 = DoubleVector.zero(SPECIES);
                DoubleVector s1 = s0;
                DoubleVector s2 = s0;
                DoubleVector s3 = s0;
                int aAt = aOff + i * aRowStep;
                for (int p = 0; p < k; p++) {
                    DoubleVector bv = DoubleVector.fromArray(SPECIES, b, bOff + p * ldb + jb);
                    int at = aAt + p * aColStep;
                    s0 = DoubleVector.broadcast(SPECIES, a[at]).fma(bv, s0);
                    s1 = DoubleVector.broadcast(SPECIES, a[at + aRowStep]).fma(bv, s1);
                    s2 = DoubleVector.broadcast(SPECIES, a[at + 2 * aRowStep]).fma(bv, s2);
                    s3 = DoubleVector.broadcast(SPECIES, a[at + 3 * aRowStep]).fma(bv, s3);
                }
                int cAt = cOff + i * ldc + jb;
                s0.fma(al, load(c, cAt, overwrite)).intoArray(c, cAt);
                s1.fma(al, load(c, cAt + ldc, overwrite)).intoArray(c, cAt + ldc);
                s2.fma(al, load(c, cAt + 2 * ldc, overwrite)).intoArray(c, cAt + 2 * ldc);
                s3.fma(al, load(c, cAt + 3 * ldc, overwrite)).intoArray(c, cAt + 3 * ldc);
            }
            for (; i < m; i++) {
                DoubleVector s0 = DoubleVector.zero(SPECIES);
                int aAt = aOff + i * aRowStep;
                for (int p = 0; p < k; p++) {
                    s0 = DoubleVector.broadcast(SPECIES, a[aAt + p * aColStep])
                            .fma(DoubleVector.fromArray(SPECIES, b, bOff + p * ldb + jb), s0);
                }
                int cAt = cOff + i * ldc + jb;
                s0.fma(al, load(c, cAt, overwrite)).intoArray(c, cAt);
            }
        }
        return jb;
    }

    /** The last columns, fewer than one vector: scalar dot products, four rows side by side. Returns the first column it left. */
    private static int singleColumns(int m, int n, int k, double alpha, double[] a, int aOff, int aRowStep, int aColStep,
                                 double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean overwrite, int jb) {
        double[] lanes = aRowStep == 1 && jb < n && m >= 4 * LANES ? new double[4 * LANES] : null;
        for (; jb < n; jb++) { // fewer columns than one vector: scalar dot products, four rows side by side
            int i = lanes == null ? 0 : transposedRows(m, k, alpha, a, aOff, aColStep, b, bOff, ldb, c, cOff, ldc,
                    overwrite, jb, lanes);
            for (; i + 4 <= m; i += 4) {
                int aAt = aOff + i * aRowStep;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int p = 0; p < k; p++) {
                    double bp = b[bOff + p * ldb + jb];
                    int at = aAt + p * aColStep;
                    s0 = Math.fma(a[at], bp, s0);
                    s1 = Math.fma(a[at + aRowStep], bp, s1);
                    s2 = Math.fma(a[at + 2 * aRowStep], bp, s2);
                    s3 = Math.fma(a[at + 3 * aRowStep], bp, s3);
                }
                int cAt = cOff + i * ldc + jb;
                c[cAt] = Math.fma(alpha, s0, overwrite ? 0.0 : c[cAt]);
                c[cAt + ldc] = Math.fma(alpha, s1, overwrite ? 0.0 : c[cAt + ldc]);
                c[cAt + 2 * ldc] = Math.fma(alpha, s2, overwrite ? 0.0 : c[cAt + 2 * ldc]);
                c[cAt + 3 * ldc] = Math.fma(alpha, s3, overwrite ? 0.0 : c[cAt + 3 * ldc]);
            }
            for (; i < m; i++) {
                int aAt = aOff + i * aRowStep;
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[aAt + p * aColStep], b[bOff + p * ldb + jb], s);
                }
                c[cOff + i * ldc + jb] = Math.fma(alpha, s, overwrite ? 0.0 : c[cOff + i * ldc + jb]);
            }
        }
        return jb;
    }

    /**
     * Column {@code jb} of C for rows {@code 0, 4 LANES, ...} when op(A) = A^T, whose rows for one p lie next
     * to each other: four vectors of rows side by side, each lane the same fma chain over p from zero as the
     * scalar dot products run, then {@code fma(alpha, s, c)} per element. Returns the first row it left.
     */
    private static int transposedRows(int m, int k, double alpha, double[] a, int aOff, int lda, double[] b, int bOff,
                                      int ldb, double[] c, int cOff, int ldc, boolean overwrite, int jb, double[] lanes) {
        int i = 0;
        for (; i + 4 * LANES <= m; i += 4 * LANES) {
            DoubleVector s0 = DoubleVector.zero(SPECIES);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            for (int p = 0; p < k; p++) {
                DoubleVector bp = DoubleVector.broadcast(SPECIES, b[bOff + p * ldb + jb]);
                int at = aOff + p * lda + i;
                s0 = DoubleVector.fromArray(SPECIES, a, at).fma(bp, s0);
                s1 = DoubleVector.fromArray(SPECIES, a, at + LANES).fma(bp, s1);
                s2 = DoubleVector.fromArray(SPECIES, a, at + 2 * LANES).fma(bp, s2);
                s3 = DoubleVector.fromArray(SPECIES, a, at + 3 * LANES).fma(bp, s3);
            }
            s0.intoArray(lanes, 0);
            s1.intoArray(lanes, LANES);
            s2.intoArray(lanes, 2 * LANES);
            s3.intoArray(lanes, 3 * LANES);
            for (int r = 0; r < 4 * LANES; r++) {
                int at = cOff + (i + r) * ldc + jb;
                c[at] = Math.fma(alpha, lanes[r], overwrite ? 0.0 : c[at]);
            }
        }
        return i;
    }

    /**
     * {@code y += alpha * op(M) x} for a row-major {@code rows x cols} matrix M, op(M) = M or M^T; x and y are
     * strided vectors. Packing would read M twice and waste most of a register tile on one column, so
     * matrix-vector products stream M once: dot products along its rows, or row-wise updates for M^T.
     */
    private static void matVec(boolean trans, int rows, int cols, double alpha, double[] mat, int off, int ld,
                               double[] x, int xOff, int incX, double[] y, int yOff, int incY) {
        int xLen = trans ? rows : cols;
        double[] xs = new double[xLen];
        for (int i = 0; i < xLen; i++) {
            xs[i] = x[xOff + i * incX];
        }
        int bound = SPECIES.loopBound(cols);
        if (!trans) {
            for (int i = 0; i < rows; i++) {
                int at = off + i * ld;
                DoubleVector acc = DoubleVector.zero(SPECIES);
                int j = 0;
                for (; j < bound; j += LANES) {
                    acc = DoubleVector.fromArray(SPECIES, mat, at + j).fma(DoubleVector.fromArray(SPECIES, xs, j), acc);
                }
                double s = acc.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
                for (; j < cols; j++) {
                    s = Math.fma(mat[at + j], xs[j], s);
                }
                y[yOff + i * incY] = Math.fma(alpha, s, y[yOff + i * incY]);
            }
            return;
        }
        double[] t = new double[cols];
        for (int i = 0; i < rows; i++) {
            int at = off + i * ld;
            DoubleVector xi = DoubleVector.broadcast(SPECIES, xs[i]);
            int j = 0;
            for (; j < bound; j += LANES) {
                xi.fma(DoubleVector.fromArray(SPECIES, mat, at + j), DoubleVector.fromArray(SPECIES, t, j))
                        .intoArray(t, j);
            }
            for (; j < cols; j++) {
                t[j] = Math.fma(xs[i], mat[at + j], t[j]);
            }
        }
        for (int j = 0; j < cols; j++) {
            y[yOff + j * incY] = Math.fma(alpha, t[j], y[yOff + j * incY]);
        }
    }

    /** Packs op(B)[pc : pc+kc, jc : jc+nc] into slivers of NR columns, each stored p-major; pads with zeros. */
    private static void packB(boolean transB, double[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                              double[] bp) {
        for (int js = 0; js < nc; js += NR) {
            int cols = Math.min(NR, nc - js);
            int base = js * kc;
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + js;
                    int dst = base + p * NR;
                    System.arraycopy(b, src, bp, dst, cols);
                    for (int j = cols; j < NR; j++) {
                        bp[dst + j] = 0.0;
                    }
                }
            } else {
                for (int j = 0; j < NR; j++) {
                    if (j < cols) {
                        int src = bOff + (jc + js + j) * ldb + pc;
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * NR + j] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * NR + j] = 0.0;
                        }
                    }
                }
            }
        }
    }

    /** Packs op(A)[ic : ic+mc, pc : pc+kc] into slivers of MR rows, each stored p-major; pads with zeros. */
    private static void packA(boolean transA, double[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                              double[] ap) {
        for (int is = 0; is < mc; is += MR) {
            int rows = Math.min(MR, mc - is);
            int base = is * kc;
            if (!transA) {
                for (int r = 0; r < MR; r++) {
                    if (r < rows) {
                        int src = aOff + (ic + is + r) * lda + pc;
                        for (int p = 0; p < kc; p++) {
                            ap[base + p * MR + r] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            ap[base + p * MR + r] = 0.0;
                        }
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + is;
                    int dst = base + p * MR;
                    System.arraycopy(a, src, ap, dst, rows);
                    for (int r = rows; r < MR; r++) {
                        ap[dst + r] = 0.0;
                    }
                }
            }
        }
    }

    /** {@code C[0:MR, 0:NR] += alpha * Ap * Bp} for one packed sliver pair; the tile lives in registers. */
    private static void kernel(int kc, double[] ap, int ai, double[] bp, int bi, double alpha,
                               double[] c, int cAt, int ldc) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, bp, bi + LANES);
            DoubleVector x = DoubleVector.broadcast(SPECIES, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(SPECIES, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(SPECIES, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(SPECIES, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            ai += MR;
            bi += NR;
        }
        DoubleVector al = DoubleVector.broadcast(SPECIES, alpha);
        store(c00, c01, al, c, cAt, false);
        store(c10, c11, al, c, cAt + ldc, false);
        store(c20, c21, al, c, cAt + 2 * ldc, false);
        store(c30, c31, al, c, cAt + 3 * ldc, false);
    }

    private static void store(DoubleVector lo, DoubleVector hi, DoubleVector alpha, double[] c, int at,
                              boolean overwrite) {
        lo.fma(alpha, load(c, at, overwrite)).intoArray(c, at);
        hi.fma(alpha, load(c, at + LANES, overwrite)).intoArray(c, at + LANES);
    }

    /** C's vector at {@code at}, or +0.0 when the product overwrites C: the bits of adding into a C cleared to zero. */
    private static DoubleVector load(double[] c, int at, boolean overwrite) {
        return overwrite ? DoubleVector.zero(SPECIES) : DoubleVector.fromArray(SPECIES, c, at);
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
