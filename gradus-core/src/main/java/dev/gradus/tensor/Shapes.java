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

    /** The row-major strides of {@code shape} (in elements). */
    public static int[] strides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }

    /**
     * The strides with which an input of shape {@code in} is read when broadcast to {@code out}: aligned at
     * the right, with stride 0 on every dimension the input lacks or has as 1. {@code in} must broadcast
     * to {@code out}.
     */
    public static int[] broadcastStrides(int[] in, int[] out) {
        int[] st = new int[out.length];
        int s = 1;
        int shift = out.length - in.length;
        for (int i = in.length - 1; i >= 0; i--) {
            st[i + shift] = in[i] == 1 ? 0 : s;
            s *= in[i];
        }
        return st;
    }

    /** True when {@code from} broadcasts to exactly {@code to} (NumPy rules). */
    public static boolean broadcastsTo(int[] from, int[] to) {
        if (from.length > to.length) {
            return false;
        }
        int shift = to.length - from.length;
        for (int i = 0; i < from.length; i++) {
            if (from[i] != 1 && from[i] != to[i + shift]) {
                return false;
            }
        }
        return true;
    }

    /** The shape with dimension {@code axis} removed, or set to 1 when {@code keepDims}. */
    public static int[] reduceAxis(int[] shape, int axis, boolean keepDims) {
        if (keepDims) {
            int[] out = shape.clone();
            out[axis] = 1;
            return out;
        }
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    /** The product of the dimensions before {@code axis}. */
    public static int outerSize(int[] shape, int axis) {
        int n = 1;
        for (int i = 0; i < axis; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** The product of the dimensions after {@code axis}. */
    public static int innerSize(int[] shape, int axis) {
        int n = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** The shape with a dimension of size 1 inserted at {@code axis} (in [0, rank]). */
    public static int[] insertAxis(int[] shape, int axis, int size) {
        int[] out = new int[shape.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == axis ? size : shape[j++];
        }
        return out;
    }

    /** A shape as text, e.g. {@code [3, 4]}. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
