package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import java.util.Arrays;

/**
 * Splits dimension {@code dim} into {@code sizes} (PyTorch's {@code Unflatten}), the inverse of
 * {@link Flatten}: {@code Unflatten(1, 1, 28, 28)} turns flat MNIST rows {@code [N, 784]} into images
 * {@code [N, 1, 28, 28]} for a {@link Conv2d}. A view, no copy.
 */
public final class Unflatten extends Module {
    private final int dim;
    private final int[] sizes;

    /** Splits dimension {@code dim} (negative counts from the end) into {@code sizes}. */
    public Unflatten(int dim, int... sizes) {
        if (sizes.length == 0) {
            throw new IllegalArgumentException("Unflatten: give at least one size");
        }
        for (int s : sizes) {
            if (s <= 0) {
                throw new IllegalArgumentException("Unflatten: sizes must be positive, got " + Arrays.toString(sizes));
            }
        }
        this.dim = dim;
        this.sizes = sizes.clone();
    }

    @Override
    public Var forward(Var input) {
        int[] s = input.shape();
        int d = dim < 0 ? dim + s.length : dim;
        long product = 1;
        for (int v : sizes) {
            product *= v;
        }
        if (d < 0 || d >= s.length || s[d] != product) {
            throw new IllegalArgumentException("Unflatten(" + dim + ", " + Arrays.toString(sizes) + "): cannot split input shape "
                    + Arrays.toString(s));
        }
        int[] out = new int[s.length - 1 + sizes.length];
        System.arraycopy(s, 0, out, 0, d);
        System.arraycopy(sizes, 0, out, d, sizes.length);
        System.arraycopy(s, d + 1, out, d + sizes.length, s.length - d - 1);
        return input.reshape(out);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", unflattened_size=" + Arrays.toString(sizes).replace('[', '(').replace(']', ')');
    }
}
