package dev.gradus.nn;

import dev.gradus.autodiff.Var;

/** Reshaping between token-major {@code [B, T, H*n]} and head-major {@code [B, H, T, n]} layouts. */
final class AttentionHeads {
    private AttentionHeads() {}

    /** {@code [B, T, H*n] -> [B, H, T, n]}. */
    static Var split(Var x, int heads, int n) {
        return x.reshape(x.dim(0), x.dim(1), heads, n).permute(0, 2, 1, 3);
    }

    /** {@code [B, H, T, n] -> [B, T, H*n]}. */
    static Var merge(Var x) {
        return x.permute(0, 2, 1, 3).reshape(x.dim(0), x.dim(2), x.dim(1) * x.dim(3));
    }
}
