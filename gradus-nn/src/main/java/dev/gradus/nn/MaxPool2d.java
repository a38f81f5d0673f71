package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import java.util.Arrays;

/**
 * 2-D max pooling over NCHW input (PyTorch's {@code MaxPool2d}; stride defaults to the kernel size,
 * padding to 0, and padded positions count as minus infinity, so they never win).
 *
 * <p>Each channel's windows are unfolded with the same differentiable im2col as {@link Conv2d}, and the
 * maximum is taken over each window; the gradient flows to the arg-max of each window.
 */
public final class MaxPool2d extends Module {
    private final Im2ColOp unfold = new Im2ColOp();
    private final int kernel;
    private final int stride;
    private final int padding;

    /** A {@code kernel x kernel} window with stride {@code kernel} and no padding. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** A {@code kernel x kernel} window with the given stride and padding (at most half the kernel). */
    public MaxPool2d(int kernel, int stride, int padding) {
        if (kernel <= 0 || stride <= 0 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException("MaxPool2d: need kernel > 0, stride > 0 and 0 <= padding <= kernel/2; got kernel="
                    + kernel + ", stride=" + stride + ", padding=" + padding);
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Var forward(Var input) {
        int[] s = input.shape();
        if (s.length != 4) {
            throw new IllegalArgumentException("MaxPool2d: expected input [N, C, H, W], got " + Arrays.toString(s));
        }
        Im2Col g = new Im2Col(1, s[2], s[3], kernel, kernel, stride, stride, padding, padding);
        Var planes = input.reshape(s[0] * s[1], 1, s[2], s[3]);
        Var windows = unfold.apply(planes, g, Double.NEGATIVE_INFINITY);  // [N*C, k*k, Ho*Wo]
        return windows.max(1, false).reshape(s[0], s[1], g.outH(), g.outW());
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding;
    }
}
