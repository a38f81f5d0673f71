package dev.gradus.optim;

import dev.gradus.tensor.Tensor;

/**
 * The scale-invariance test and radial projection shared by {@link AdamP} and {@link SGDP}
 * (Heo et al., "AdamP: Slowing Down the Slowdown for Momentum Optimizers on Scale-invariant Weights",
 * ICLR 2021; official code {@code clovaai/AdamP adamp/adamp.py}, {@code _projection}).
 *
 * <p>A weight followed by a normalisation layer is scale invariant, so its gradient is orthogonal to it.
 * The test views the weight {@code p} and its <em>raw</em> gradient {@code g} as a matrix
 * {@code [c, rest]} (first dimension = output channels) and computes per row
 * <pre>
 *   cos_i = |⟨g_i, p_i⟩| / (max(‖g_i‖, eps) · max(‖p_i‖, eps))
 * </pre>
 * (the guard of {@code torch.nn.functional.cosine_similarity}, PyTorch ≥ 1.12). When
 * {@code max_i cos_i < delta / √rest} the tensor is <em>channel-wise</em> scale invariant. Otherwise the
 * same test runs on the whole tensor as one row of length {@code numel} (<em>layer-wise</em>). When
 * either test passes, the radial component is removed from the update {@code d}, per row (or for the
 * whole tensor):
 * <pre>
 *   p̂ = p / (‖p‖ + eps),   d ← d − p̂ ⟨p̂, d⟩
 * </pre>
 * and the caller uses {@code wd_ratio} instead of 1 as its weight-decay factor. Tensors of rank below 2
 * (biases, norm gains) are never tested or projected.
 *
 * <p>Edge case kept for parity with the reference: a zero weight row or a zero gradient gives
 * {@code cos = 0}, so the test passes; the projection is then a no-op for a zero row, but the weight decay
 * is still reduced to {@code wd_ratio}. A NaN cosine fails the test (as {@code max} propagates NaN in
 * PyTorch).
 *
 * <p>The fused optimizer kernels use {@link #test} and {@link #rowNorms} and inline the projection in
 * their second pass; {@link #project} is the plain form, used by composed references and tests.
 */
public final class ScaleInvariantProjection {

    /** Test outcome: not scale invariant, nothing projected. */
    public static final int NONE = 0;
    /** Test outcome: channel-wise scale invariant, project each row. */
    public static final int CHANNEL = 1;
    /** Test outcome: layer-wise scale invariant, project the whole tensor. */
    public static final int LAYER = 2;

    private ScaleInvariantProjection() {}

    /**
     * Runs the channel test, then the layer test, on weight {@code p} and raw gradient {@code g}
     * ({@code rows} rows of equal length) and returns {@link #NONE}, {@link #CHANNEL} or {@link #LAYER}.
     * {@code rowSq} (length {@code rows}) receives ‖p_i‖² on return.
     */
    public static int test(double[] p, double[] g, int rows, double delta, double eps, double[] rowSq) {
        int cols = p.length / rows;
        double maxCos = 0.0;
        double pp = 0.0;
        double gg = 0.0;
        double pg = 0.0;
        for (int r = 0; r < rows; r++) {
            double rpp = 0.0;
            double rgg = 0.0;
            double rpg = 0.0;
            int end = (r + 1) * cols;
            for (int j = r * cols; j < end; j++) {
                double pj = p[j];
                double gj = g[j];
                rpp += pj * pj;
                rgg += gj * gj;
                rpg += pj * gj;
            }
            rowSq[r] = rpp;
            maxCos = Math.max(maxCos, cosine(rpg, rgg, rpp, eps));
            pp += rpp;
            gg += rgg;
            pg += rpg;
        }
        if (maxCos < delta / Math.sqrt(cols)) {
            return CHANNEL;
        }
        if (cosine(pg, gg, pp, eps) < delta / Math.sqrt(p.length)) {
            return LAYER;
        }
        return NONE;
    }

    /** The |cosine| of two vectors given ⟨g, p⟩, ‖g‖² and ‖p‖², with each norm clamped below at eps. */
    static double cosine(double dot, double gSq, double pSq, double eps) {
        return Math.abs(dot) / (Math.max(Math.sqrt(gSq), eps) * Math.max(Math.sqrt(pSq), eps));
    }

    /** ‖p_i‖ + eps per row, written into {@code rowSq} (which holds ‖p_i‖² on entry) for the given mode. */
    static void rowNorms(int mode, double[] rowSq, int rows, double eps) {
        if (mode == LAYER) {
            double s = 0.0;
            for (int r = 0; r < rows; r++) {
                s += rowSq[r];
            }
            rowSq[0] = Math.sqrt(s) + eps;
        } else {
            for (int r = 0; r < rows; r++) {
                rowSq[r] = Math.sqrt(rowSq[r]) + eps;
            }
        }
    }

    /** Number of rows in the channel view of a tensor of the given shape (its first dimension). */
    static int channels(Tensor p) {
        return p.rank() > 1 ? p.dim(0) : 1;
    }

    /**
     * The plain form: tests {@code p} against the raw gradient {@code g} and, when the test passes,
     * removes the radial component from {@code d} in place. Returns the weight-decay factor
     * ({@code wdRatio} when projected, else 1). Tensors of rank below 2 are left alone.
     */
    public static double project(Tensor p, Tensor g, Tensor d, double delta, double wdRatio, double eps) {
        if (p.rank() < 2) {
            return 1.0;
        }
        int rows = p.dim(0);
        double[] norms = new double[rows];
        int mode = test(p.data(), g.data(), rows, delta, eps, norms);
        if (mode == NONE) {
            return 1.0;
        }
        rowNorms(mode, norms, rows, eps);
        int blocks = mode == CHANNEL ? rows : 1;
        int len = p.size() / blocks;
        double[] pd = p.data();
        double[] dd = d.data();
        for (int b = 0; b < blocks; b++) {
            double inv = 1.0 / norms[b];
            int start = b * len;
            int end = start + len;
            double dot = 0.0;
            for (int j = start; j < end; j++) {
                dot += pd[j] * inv * dd[j];
            }
            for (int j = start; j < end; j++) {
                dd[j] -= pd[j] * inv * dot;
            }
        }
        return wdRatio;
    }
}
