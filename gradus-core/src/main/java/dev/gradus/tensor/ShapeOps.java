package dev.gradus.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Operations that move elements without arithmetic (except {@link #indexAdd}): transpose and permute,
 * slicing and padding along an axis, gathering and scatter-adding rows, concatenation and stacking,
 * broadcasting, and adding or removing unit dimensions.
 *
 * <p>Results are new tensors, except {@link #squeeze} and {@link #unsqueeze}, which like
 * {@link Tensor#reshape} return views sharing the data (and its version counter), and {@link #indexAdd},
 * which writes into its target and counts as one modification of it.
 */
public final class ShapeOps {
    private ShapeOps() {}

    /** Swaps the last two axes (the matrix transpose for rank 2). Needs rank 2 or more. */
    public static Tensor transpose(Tensor x) {
        int r = x.rank();
        if (r < 2) {
            throw new IllegalArgumentException("transpose: shape " + Shapes.str(x.shapeRef())
                    + " has fewer than 2 dimensions");
        }
        int[] s = x.shapeRef();
        int rows = s[r - 2], cols = s[r - 1], mat = rows * cols;
        int[] os = s.clone();
        os[r - 2] = cols;
        os[r - 1] = rows;
        double[] d = x.data(), o = new double[d.length];
        for (int base = 0; base < d.length; base += mat) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) o[base + j * rows + i] = d[base + i * cols + j];
            }
        }
        return Tensor.wrap(o, os);
    }

    /** Swaps two axes. */
    public static Tensor transpose(Tensor x, int axis1, int axis2) {
        int r = x.rank();
        int a1 = Shapes.normalizeAxis("transpose", axis1, r), a2 = Shapes.normalizeAxis("transpose", axis2, r);
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[a1] = a2;
        perm[a2] = a1;
        return permute(x, perm);
    }

    /** Reorders the axes: result dimension {@code i} is input dimension {@code axes[i]}. */
    public static Tensor permute(Tensor x, int... axes) {
        int[] s = x.shapeRef();
        int r = s.length;
        if (axes.length != r) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " does not list the " + r
                    + " axes of shape " + Shapes.str(s));
        }
        boolean[] seen = new boolean[r];
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            int a = Shapes.normalizeAxis("permute", axes[i], r);
            if (seen[a]) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " repeats axis " + axes[i]);
            }
            seen[a] = true;
            perm[i] = a;
        }
        int[] st = Shapes.strides(s);
        int[] os = new int[r], ist = new int[r];
        for (int i = 0; i < r; i++) {
            os[i] = s[perm[i]];
            ist[i] = st[perm[i]];
        }
        double[] d = x.data(), o = new double[d.length];
        int[] idx = new int[r];
        int off = 0;
        for (int i = 0; i < o.length; i++) {
            o[i] = d[off];
            for (int k = r - 1; k >= 0; k--) {
                off += ist[k];
                if (++idx[k] < os[k]) break;
                off -= ist[k] * os[k];
                idx[k] = 0;
            }
        }
        return Tensor.wrap(o, os);
    }

    /** The inverse permutation of {@code axes}: {@code permute(permute(x, p), inversePermutation(p))} is x. */
    public static int[] inversePermutation(int... axes) {
        int[] inv = new int[axes.length];
        for (int i = 0; i < axes.length; i++) inv[Shapes.normalizeAxis("permute", axes[i], axes.length)] = i;
        return inv;
    }

    /** Rows {@code [from, to)} along axis 0. */
    public static Tensor sliceRows(Tensor x, int from, int to) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException("sliceRows: a rank-0 tensor has no rows");
        }
        return narrow(x, 0, from, to - from);
    }

    /** The {@code length} entries starting at {@code start} along {@code axis}. */
    public static Tensor narrow(Tensor x, int axis, int start, int length) {
        int[] s = x.shapeRef();
        int ax = Shapes.normalizeAxis("narrow", axis, s.length);
        if (start < 0 || length < 0 || start + length > s[ax]) {
            throw new IllegalArgumentException("narrow: [" + start + ", " + (start + length) + ") is out of range for axis "
                    + ax + " of shape " + Shapes.str(s));
        }
        int outer = Shapes.outerSize(s, ax), inner = Shapes.innerSize(s, ax);
        int[] os = s.clone();
        os[ax] = length;
        double[] d = x.data(), o = new double[outer * length * inner];
        int chunk = length * inner;
        for (int p = 0; p < outer; p++) {
            System.arraycopy(d, (p * s[ax] + start) * inner, o, p * chunk, chunk);
        }
        return Tensor.wrap(o, os);
    }

    /** Pads with {@code before} zeros in front and {@code after} zeros behind along {@code axis}. */
    public static Tensor pad(Tensor x, int axis, int before, int after) {
        int[] s = x.shapeRef();
        int ax = Shapes.normalizeAxis("pad", axis, s.length);
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException("pad: negative padding (" + before + ", " + after + ")");
        }
        int outer = Shapes.outerSize(s, ax), inner = Shapes.innerSize(s, ax);
        int[] os = s.clone();
        os[ax] = s[ax] + before + after;
        double[] d = x.data(), o = new double[outer * os[ax] * inner];
        int chunk = s[ax] * inner;
        for (int p = 0; p < outer; p++) {
            System.arraycopy(d, p * chunk, o, (p * os[ax] + before) * inner, chunk);
        }
        return Tensor.wrap(o, os);
    }

    /** Gathers rows (entries along axis 0): result row {@code i} is {@code x[index[i]]}. */
    public static Tensor indexSelect(Tensor x, int[] index) {
        int[] s = requireRows("indexSelect", x);
        int rows = s[0], row = Shapes.innerSize(s, 0);
        int[] os = s.clone();
        os[0] = index.length;
        double[] d = x.data(), o = new double[index.length * row];
        if (row == 1) { // a plain gather: an arraycopy call per element would cost more than the copy
            for (int i = 0; i < index.length; i++) o[i] = d[checkIndex("indexSelect", index, i, rows)];
        } else {
            for (int i = 0; i < index.length; i++) {
                System.arraycopy(d, checkIndex("indexSelect", index, i, rows) * row, o, i * row, row);
            }
        }
        return Tensor.wrap(o, os);
    }

    /**
     * Scatter-add in place: {@code target[index[i]] += src[i]} for every row {@code i} of src; repeated
     * indices accumulate. {@code src} has shape {@code [index.length, rest of target's shape]}. Returns target.
     */
    public static Tensor indexAdd(Tensor target, int[] index, Tensor src) {
        int[] s = requireRows("indexAdd", target);
        int[] expect = s.clone();
        expect[0] = index.length;
        if (!Arrays.equals(expect, src.shapeRef())) {
            throw new IllegalArgumentException("indexAdd: source has shape " + Shapes.str(src.shapeRef()) + ", expected "
                    + Shapes.str(expect) + " for " + index.length + " indices into " + Shapes.str(s));
        }
        int rows = s[0], row = Shapes.innerSize(s, 0);
        double[] t = target.data(), d = src.data();
        for (int i = 0; i < index.length; i++) {
            int base = checkIndex("indexAdd", index, i, rows) * row, sb = i * row;
            for (int j = 0; j < row; j++) t[base + j] += d[sb + j];
        }
        target.markModified();
        return target;
    }

    /** Joins tensors along an existing axis; all other dimensions must agree. */
    public static Tensor concat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: no tensors to join");
        }
        int[] s0 = parts.get(0).shapeRef();
        int ax = Shapes.normalizeAxis("concat", axis, s0.length);
        int total = 0;
        for (int q = 0; q < parts.size(); q++) {
            int[] s = parts.get(q).shapeRef();
            boolean ok = s.length == s0.length;
            for (int i = 0; ok && i < s.length; i++) ok = i == ax || s[i] == s0[i];
            if (!ok) {
                throw new IllegalArgumentException("concat: tensor " + q + " has shape " + Shapes.str(s)
                        + ", which does not match " + Shapes.str(s0) + " outside axis " + ax);
            }
            total += s[ax];
        }
        int outer = Shapes.outerSize(s0, ax), inner = Shapes.innerSize(s0, ax);
        int[] os = s0.clone();
        os[ax] = total;
        double[] o = new double[outer * total * inner];
        int offset = 0;
        for (Tensor t : parts) {
            int chunk = t.dim(ax) * inner;
            double[] d = t.data();
            for (int p = 0; p < outer; p++) {
                System.arraycopy(d, p * chunk, o, (p * total) * inner + offset, chunk);
            }
            offset += chunk;
        }
        return Tensor.wrap(o, os);
    }

    /** Joins tensors of one shape along a new axis (in [0, rank]). */
    public static Tensor stack(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack: no tensors to stack");
        }
        int[] s0 = parts.get(0).shapeRef();
        int ax = Shapes.normalizeAxis("stack", axis, s0.length + 1);
        Tensor[] views = new Tensor[parts.size()];
        for (int q = 0; q < views.length; q++) {
            Tensor t = parts.get(q);
            if (!Arrays.equals(t.shapeRef(), s0)) {
                throw new IllegalArgumentException("stack: tensor " + q + " has shape " + Shapes.str(t.shapeRef())
                        + ", expected " + Shapes.str(s0) + " like tensor 0");
            }
            views[q] = unsqueeze(t, ax);
        }
        return concat(Arrays.asList(views), ax);
    }

    /** Broadcasts to {@code shape} (NumPy rules), materialising the repeated elements. */
    public static Tensor broadcastTo(Tensor x, int... shape) {
        int[] s = x.shapeRef();
        if (!Shapes.broadcastsTo(s, shape)) {
            throw new IllegalArgumentException("broadcastTo: " + Shapes.str(s) + " cannot broadcast to " + Shapes.str(shape));
        }
        double[] d = x.data();
        double[] o = new double[Math.toIntExact(Shapes.checkedSize("broadcastTo", shape))];
        if (d.length == 1) {
            Arrays.fill(o, d[0]);
        } else if (d.length == o.length) {
            System.arraycopy(d, 0, o, 0, d.length);
        } else {
            int[] offs = Broadcast.offsets(s, shape);
            for (int i = 0; i < o.length; i++) o[i] = d[offs[i]];
        }
        return Tensor.wrap(o, shape.clone());
    }

    /** A view with a unit dimension inserted at {@code axis} (in [0, rank]). */
    public static Tensor unsqueeze(Tensor x, int axis) {
        int[] s = x.shapeRef();
        int ax = Shapes.normalizeAxis("unsqueeze", axis, s.length + 1);
        return Tensor.view(x, Shapes.insertAxis(s, ax, 1));
    }

    /** A view without the unit dimension at {@code axis}. */
    public static Tensor squeeze(Tensor x, int axis) {
        int[] s = x.shapeRef();
        int ax = Shapes.normalizeAxis("squeeze", axis, s.length);
        if (s[ax] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + Shapes.str(s) + " has size "
                    + s[ax] + ", not 1");
        }
        return Tensor.view(x, Shapes.reduceAxis(s, ax, false));
    }

    private static int[] requireRows(String op, Tensor x) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException(op + ": a rank-0 tensor has no rows");
        }
        return x.shapeRef();
    }

    private static int checkIndex(String op, int[] index, int i, int rows) {
        int r = index[i];
        if (r < 0 || r >= rows) {
            throw new IndexOutOfBoundsException(op + ": index " + r + " at position " + i + " is out of range for "
                    + rows + " rows");
        }
        return r;
    }
}
