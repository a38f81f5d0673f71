package dev.gradus.nn;

import dev.gradus.autodiff.Var;

/** Reshaping between token-major {@code [B, T, H*n]} and head-major {@code [B, H, T, n]} layouts. */
final class AttentionHeads {
    private AttentionHeads() {}

    /** {@code [B, T, H*n] -> [B, H, T, n]}. */
    static Var split(Var x, int heads, int n) {
        return x.reshape(x.dim(0), x.dim(1), heads, n).permute(0, 2, 1, 3);
    }

    /**
     * {@code x W^T} for a projection weight {@code W}: {@code [B, T, D] x [n, D]^T -> [B, T, n]}, or with a
     * per-head weight {@code [H, n, D]} and tokens {@code [B, 1, T, D]}, {@code [B, H, T, n]}. Reported to
     * {@code tap} when there is one, so that per-sample gradients of the projections are batched.
     */
    static Var project(PerSampleTap tap, Parameter weight, Var x) {
        Var y = x.matmul(weight.node(), false, true);
        return tap == null ? y : tap.linear(weight, null, x, y);
    }

    /** {@code [B, H, T, n] -> [B, T, H*n]}. */
    static Var merge(Var x) {
        return x.permute(0, 2, 1, 3).reshape(x.dim(0), x.dim(2), x.dim(1) * x.dim(3));
    }
}
