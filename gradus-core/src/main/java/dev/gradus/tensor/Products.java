package dev.gradus.tensor;

import java.util.Arrays;

/**
 * Matrix and vector products: {@link #matmul}, {@link #dot} and {@link #outer}.
 *
 * <p>{@code matmul} follows NumPy's rules. Two matrices multiply as usual. A 1-D left operand is a row
 * vector and a 1-D right operand a column vector; the added dimension is removed from the result. Operands
 * of rank 3 or more are stacks of matrices in their last two dimensions, and the leading (batch)
 * dimensions broadcast, so {@code [8, 3, 4] x [4, 5]} gives {@code [8, 3, 5]} and {@code [2, 1, 3, 4] x
 * [5, 4, 6]} gives {@code [2, 5, 3, 6]}. The {@code transA}/{@code transB} flags transpose the last two
 * dimensions of an operand without copying it (they are ignored for 1-D operands). Every product goes
 * through {@link Blas#dgemm}. An output argument must not share data with an operand.
 */
public final class Products {
    private Products() {}

    /** {@code a @ b}. */
    public static Tensor matmul(Tensor a, Tensor b, Tensor out) {
        return matmul(a, b, false, false, out);
    }

    /** {@code op(a) @ op(b)} with op(X) = X^T (last two axes) when the flag is set. */
    public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB, Tensor out) {
        int[] as = a.shapeRef(), bs = b.shapeRef();
        if (as.length == 0 || bs.length == 0) {
            throw new IllegalArgumentException("matmul: " + describe(as, transA, bs, transB)
                    + ": rank-0 operands have no matrix product; use mul");
        }
        boolean aVec = as.length == 1, bVec = bs.length == 1;
        boolean tA = transA && !aVec, tB = transB && !bVec;
        int aRows = aVec ? 1 : as[as.length - 2], aCols = as[as.length - 1];
        int bRows = bVec ? bs[0] : bs[bs.length - 2], bCols = bVec ? 1 : bs[bs.length - 1];
        int m = tA ? aCols : aRows, k = tA ? aRows : aCols;
        int kb = tB ? bCols : bRows, n = tB ? bRows : bCols;
        if (k != kb) {
            throw new IllegalArgumentException("matmul: " + describe(as, tA, bs, tB) + ": inner dimensions " + k
                    + " and " + kb + " differ");
        }
        int[] aBatch = aVec ? new int[0] : Arrays.copyOf(as, as.length - 2);
        int[] bBatch = bVec ? new int[0] : Arrays.copyOf(bs, bs.length - 2);
        int[] batch;
        try {
            batch = Shapes.broadcast("matmul", aBatch, bBatch);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: " + describe(as, tA, bs, tB) + ": batch dimensions "
                    + Shapes.str(aBatch) + " and " + Shapes.str(bBatch) + " cannot broadcast", e);
        }
        int[] os = Arrays.copyOf(batch, batch.length + (aVec ? 0 : 1) + (bVec ? 0 : 1));
        if (!aVec) os[batch.length] = m;
        if (!bVec) os[os.length - 1] = n;
        Tensor o = Elementwise.prepareShape("matmul", out, os);
        double[] ad = a.data(), bd = b.data(), od = o.data();
        if (od == ad || od == bd) {
            throw new IllegalArgumentException("matmul: the output must not share its data with an operand");
        }
        int nb = Math.toIntExact(Shapes.checkedSize("matmul", batch));
        int aBatchSize = Math.toIntExact(Shapes.checkedSize("matmul", aBatch));
        int bBatchSize = Math.toIntExact(Shapes.checkedSize("matmul", bBatch));
        BlasBackend backend = Blas.backend();
        // a new output is already zero, so the kernel need not clear it again
        double beta = out == null && Blas.addsIntoZeroedC(backend, (long) nb * m * n * k) ? 1.0 : 0.0;
        if (nb == 1) {
            Blas.dgemm(backend, tA, tB, m, n, k, 1.0, ad, 0, aCols, bd, 0, bCols, beta, od, 0, n);
        } else if (bBatchSize == 1 && aBatchSize == nb && !tA) {
            // A stack of matrices times one matrix is one tall product: the stacked rows are contiguous.
            Blas.dgemm(backend, false, tB, nb * m, n, k, 1.0, ad, 0, aCols, bd, 0, bCols, beta, od, 0, n);
        } else {
            int[] sa = Shapes.broadcastStrides(aBatch, batch), sb = Shapes.broadcastStrides(bBatch, batch);
            int aMat = aRows * aCols, bMat = bRows * bCols, oMat = m * n;
            int r = batch.length;
            int[] idx = new int[r];
            int ai = 0, bi = 0;
            for (int q = 0; q < nb; q++) {
                Blas.dgemm(tA, tB, m, n, k, 1.0, ad, ai * aMat, aCols, bd, bi * bMat, bCols, 0.0, od, q * oMat, n);
                for (int d = r - 1; d >= 0; d--) {
                    ai += sa[d];
                    bi += sb[d];
                    if (++idx[d] < batch[d]) break;
                    ai -= sa[d] * batch[d];
                    bi -= sb[d] * batch[d];
                    idx[d] = 0;
                }
            }
        }
        return o;
    }

    /**
     * The sum of elementwise products of two tensors of the same shape (for vectors, the dot product;
     * for matrices, the Frobenius inner product).
     */
    public static double dot(Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("dot: " + Shapes.str(a.shapeRef()) + " and " + Shapes.str(b.shapeRef())
                    + ": shapes differ");
        }
        double[] x = a.data(), y = b.data();
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    /** The outer product {@code a_i * b_j} of the flattened operands, shape {@code [a.size(), b.size()]}. */
    public static Tensor outer(Tensor a, Tensor b, Tensor out) {
        double[] x = a.data(), y = b.data();
        Tensor o = Elementwise.prepareShape("outer", out, new int[] {x.length, y.length});
        double[] od = o.data();
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            int base = i * y.length;
            for (int j = 0; j < y.length; j++) od[base + j] = xi * y[j];
        }
        return o;
    }

    private static String describe(int[] as, boolean tA, int[] bs, boolean tB) {
        return Shapes.str(as) + (tA ? "^T" : "") + " x " + Shapes.str(bs) + (tB ? "^T" : "");
    }
}
