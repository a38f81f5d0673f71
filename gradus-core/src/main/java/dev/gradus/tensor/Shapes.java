package dev.gradus.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by all tensor operations: sizes, axes, reshapes and broadcasting. */
public final class Shapes {
    private Shapes() {}

    /** The element count of {@code shape}, refusing negative dimensions and overflow. */
    public static long checkedSize(String op, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(op + ": shape " + Arrays.toString(shape) + " is too large for one array");
            }
        }
        return n;
    }

    /** Maps a possibly negative axis to [0, rank). */
    public static int normalizeAxis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }

    /** Resolves a reshape target (at most one -1) against the current shape. */
    public static int[] resolveReshape(int[] shape, int[] target) {
        long n = checkedSize("reshape", shape);
        int[] out = target.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: " + Arrays.toString(target) + ": only one dimension may be -1");
                }
                infer = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException("reshape: " + Arrays.toString(target) + ": negative dimension");
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException("reshape: " + Arrays.toString(shape) + " -> " + Arrays.toString(target)
                        + ": " + n + " elements do not divide evenly");
            }
            out[infer] = (int) (n / known);
            known *= out[infer];
        }
        if (known != n) {
            throw new IllegalArgumentException("reshape: " + Arrays.toString(shape) + " -> " + Arrays.toString(target)
                    + ": " + n + " elements cannot take shape with " + known);
        }
        return out;
    }

    /** The NumPy broadcast of two shapes, or an error naming the operation and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + ": dimension " + i + " is " + da + " vs " + db + " and cannot broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }
}
