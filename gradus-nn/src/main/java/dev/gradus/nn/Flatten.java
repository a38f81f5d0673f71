package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import java.util.Arrays;

/**
 * Merges dimensions {@code startDim..endDim} into one (PyTorch's {@code Flatten}, defaults
 * {@code startDim = 1}, {@code endDim = -1}): {@code [N, C, H, W] -> [N, C*H*W]}. A view, no copy.
 */
public final class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** Flattens everything but the batch dimension. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens dimensions {@code startDim..endDim} (inclusive; negative counts from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Var forward(Var input) {
        int[] s = input.shape();
        int start = startDim < 0 ? startDim + s.length : startDim;
        int end = endDim < 0 ? endDim + s.length : endDim;
        if (start < 0 || end >= s.length || start > end) {
            throw new IllegalArgumentException("Flatten(" + startDim + ", " + endDim + "): invalid for input shape "
                    + Arrays.toString(s));
        }
        int[] out = new int[s.length - (end - start)];
        int k = 0;
        for (int i = 0; i < start; i++) {
            out[k++] = s[i];
        }
        int merged = 1;
        for (int i = start; i <= end; i++) {
            merged *= s[i];
        }
        out[k++] = merged;
        for (int i = end + 1; i < s.length; i++) {
            out[k++] = s[i];
        }
        return input.reshape(out);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
