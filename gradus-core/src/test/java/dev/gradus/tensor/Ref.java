package dev.gradus.tensor;

import java.util.function.DoubleBinaryOperator;

/** Naive reference implementations the kernels are tested against: multi-index loops, no cleverness. */
final class Ref {
    private Ref() {}

    /** The multi-index of flat position {@code flat} in {@code shape}. */
    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    /** The element of {@code t} that broadcasts onto output index {@code outIdx}. */
    static double broadcastGet(Tensor t, int[] outIdx) {
        int[] s = t.shape();
        int[] idx = new int[s.length];
        int shift = outIdx.length - s.length;
        for (int i = 0; i < s.length; i++) idx[i] = s[i] == 1 ? 0 : outIdx[i + shift];
        return t.get(idx);
    }

    /** NumPy broadcasting binary op by explicit index mapping. */
    static Tensor binary(Tensor a, Tensor b, DoubleBinaryOperator f) {
        int[] os = Shapes.broadcast("ref", a.shape(), b.shape());
        Tensor out = Tensor.zeros(os);
        for (int i = 0; i < out.size(); i++) {
            int[] idx = unravel(i, os);
            out.data()[i] = f.applyAsDouble(broadcastGet(a, idx), broadcastGet(b, idx));
        }
        return out;
    }

    /** Naive {@code op(a) @ op(b)} for 2-D operands. */
    static Tensor matmul2d(Tensor a, Tensor b, boolean ta, boolean tb) {
        int m = ta ? a.dim(1) : a.dim(0), k = ta ? a.dim(0) : a.dim(1);
        int n = tb ? b.dim(0) : b.dim(1);
        Tensor c = Tensor.zeros(m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (ta ? a.get(p, i) : a.get(i, p)) * (tb ? b.get(j, p) : b.get(p, j));
                }
                c.set(s, i, j);
            }
        }
        return c;
    }

    static Tensor random(long seed, int... shape) {
        return Tensor.randn(RandomStream.of(seed), shape);
    }
}
