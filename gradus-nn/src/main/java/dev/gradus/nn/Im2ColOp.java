package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;

/**
 * The differentiable unfolding {@code [N, C, H, W] -> [N, C*kh*kw, Ho*Wo]} of {@link Im2Col}, built from
 * core's differentiable gather ({@code indexSelect}, whose backward is the scatter-add {@code indexAdd}
 * and back), so it supports gradients of any order. The gather index depends only on the geometry and
 * the batch size and is cached for the last pair seen, which in training is every batch but the last.
 * The cache is one immutable value, so concurrent forward passes are safe.
 *
 * <p>Positions in the padding read {@code padValue}: 0 for convolution, minus infinity for max pooling.
 */
final class Im2ColOp {
    private record Gather(Im2Col geometry, int batch, int[] index, boolean padded) {}

    private volatile Gather cache;

    /** Unfolds {@code x} ({@code [N, C, H, W]} matching {@code g}). */
    Var apply(Var x, Im2Col g, double padValue) {
        int n = x.dim(0);
        int chw = g.imageSize();
        Gather gather = cache;
        if (gather == null || !g.equals(gather.geometry()) || n != gather.batch()) {
            gather = build(g, n);
            cache = gather;
        }
        Var flat = x.reshape(n, chw);
        if (gather.padded()) {
            flat = flat.pad(1, 0, 1); // one extra slot per image that the padding positions read
            if (padValue != 0.0) {
                Tensor slot = Tensor.zeros(chw + 1);
                slot.data()[chw] = padValue;
                flat = flat.add(slot);
            }
        }
        int stride = gather.padded() ? chw + 1 : chw;
        return flat.reshape(n * stride, 1).indexSelect(gather.index()).reshape(n, g.rows(), g.cols());
    }

    private static Gather build(Im2Col g, int n) {
        int chw = g.imageSize();
        int[] map = g.indexMap();
        boolean padded = false;
        for (int m : map) {
            padded |= m == chw;
        }
        int stride = padded ? chw + 1 : chw;
        int[] index = new int[n * map.length];
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < map.length; j++) {
                index[b * map.length + j] = b * stride + map[j];
            }
        }
        return new Gather(g, n, index, padded);
    }
}
