package dev.gradus.tensor;

/**
 * Reductions over all elements or along one axis: sum, mean, max, min, argmax, logsumexp and norms, plus
 * {@link #sumTo}, which undoes a broadcast by summing.
 *
 * <p>An axis reduction views the tensor as {@code [outer, n, inner]} with {@code n} the reduced dimension
 * and loops over contiguous {@code inner} runs. With {@code keepDims} the reduced dimension stays as 1
 * (so the result broadcasts against the input); otherwise it is removed. Reducing a rank-1 tensor along
 * its axis without {@code keepDims} gives a rank-0 tensor.
 */
public final class Reductions {
    private Reductions() {}

    // ---------------------------------------------------------------- over all elements

    /** The sum of all elements. */
    public static double sum(Tensor x) {
        double[] d = x.data();
        double s = 0;
        for (double v : d) s += v;
        return s;
    }

    /** The mean of all elements (NaN for an empty tensor). */
    public static double mean(Tensor x) {
        return sum(x) / x.size();
    }

    /** The largest element; an error for an empty tensor. */
    public static double max(Tensor x) {
        double[] d = requireNonEmpty("max", x);
        double m = d[0];
        for (int i = 1; i < d.length; i++) m = Math.max(m, d[i]);
        return m;
    }

    /** The smallest element; an error for an empty tensor. */
    public static double min(Tensor x) {
        double[] d = requireNonEmpty("min", x);
        double m = d[0];
        for (int i = 1; i < d.length; i++) m = Math.min(m, d[i]);
        return m;
    }

    /** The flat (row-major) index of the first largest element. */
    public static int argmax(Tensor x) {
        double[] d = requireNonEmpty("argmax", x);
        int best = 0;
        for (int i = 1; i < d.length; i++) {
            if (d[i] > d[best]) best = i;
        }
        return best;
    }

    /** The flat (row-major) index of the first smallest element. */
    public static int argmin(Tensor x) {
        double[] d = requireNonEmpty("argmin", x);
        int best = 0;
        for (int i = 1; i < d.length; i++) {
            if (d[i] < d[best]) best = i;
        }
        return best;
    }

    /** {@code log(sum(exp(x)))} over all elements, shifted by the maximum so it never overflows. */
    public static double logsumexp(Tensor x) {
        double[] d = x.data();
        if (d.length == 0) return Double.NEGATIVE_INFINITY;
        double m = max(x);
        if (Double.isInfinite(m)) return m;
        double s = 0;
        for (double v : d) s += Math.exp(v - m);
        return m + Math.log(s);
    }

    /** The L2 (Euclidean) norm of all elements. */
    public static double norm2(Tensor x) {
        double[] d = x.data();
        double s = 0;
        for (double v : d) s += v * v;
        return Math.sqrt(s);
    }

    /** The L1 norm of all elements. */
    public static double norm1(Tensor x) {
        double[] d = x.data();
        double s = 0;
        for (double v : d) s += Math.abs(v);
        return s;
    }

    /** The L-infinity norm (largest absolute value) of all elements; 0 for an empty tensor. */
    public static double normInf(Tensor x) {
        double[] d = x.data();
        double m = 0;
        for (double v : d) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** The p-norm of all elements for p = 1, 2 or infinity. */
    public static double norm(Tensor x, double p) {
        if (p == 2) return norm2(x);
        if (p == 1) return norm1(x);
        if (p == Double.POSITIVE_INFINITY) return normInf(x);
        throw new IllegalArgumentException("norm: p = " + p + " is not supported; use 1, 2 or infinity");
    }

    // ---------------------------------------------------------------- along an axis

    /** The sum along {@code axis}. */
    public static Tensor sum(Tensor x, int axis, boolean keepDims) {
        Axis ax = new Axis("sum", x, axis, keepDims);
        double[] d = x.data(), o = ax.out.data();
        for (int p = 0; p < ax.outer; p++) {
            int ob = p * ax.inner;
            for (int k = 0; k < ax.n; k++) {
                int base = (p * ax.n + k) * ax.inner;
                for (int i = 0; i < ax.inner; i++) o[ob + i] += d[base + i];
            }
        }
        return ax.out;
    }

    /** The mean along {@code axis}. */
    public static Tensor mean(Tensor x, int axis, boolean keepDims) {
        Tensor s = sum(x, axis, keepDims);
        int n = x.dim(axis);
        return Elementwise.div(s, n, s);
    }

    /** The maximum along {@code axis}. */
    public static Tensor max(Tensor x, int axis, boolean keepDims) {
        return extreme("max", x, axis, keepDims, true);
    }

    /** The minimum along {@code axis}. */
    public static Tensor min(Tensor x, int axis, boolean keepDims) {
        return extreme("min", x, axis, keepDims, false);
    }

    /**
     * The index of the first maximum along {@code axis}, flattened over the remaining dimensions in
     * row-major order (for a matrix and axis 1: the predicted class of each row).
     */
    public static int[] argmax(Tensor x, int axis) {
        Axis ax = new Axis("argmax", x, axis, false);
        requireNonEmptyAxis("argmax", x, ax);
        double[] d = x.data();
        int[] best = new int[ax.outer * ax.inner];
        for (int p = 0; p < ax.outer; p++) {
            for (int i = 0; i < ax.inner; i++) {
                int base = p * ax.n * ax.inner + i;
                double m = d[base];
                int arg = 0;
                for (int k = 1; k < ax.n; k++) {
                    double v = d[base + k * ax.inner];
                    if (v > m) {
                        m = v;
                        arg = k;
                    }
                }
                best[p * ax.inner + i] = arg;
            }
        }
        return best;
    }

    /** {@code log(sum(exp(x)))} along {@code axis}, shifted by the maximum so it never overflows. */
    public static Tensor logsumexp(Tensor x, int axis, boolean keepDims) {
        Tensor m = max(x, axis, true);
        Axis ax = new Axis("logsumexp", x, axis, keepDims);
        double[] d = x.data(), md = m.data(), o = ax.out.data();
        for (int p = 0; p < ax.outer; p++) {
            for (int k = 0; k < ax.n; k++) {
                int base = (p * ax.n + k) * ax.inner, ob = p * ax.inner;
                for (int i = 0; i < ax.inner; i++) {
                    double mi = md[ob + i];
                    o[ob + i] += Double.isInfinite(mi) ? 0 : Math.exp(d[base + i] - mi);
                }
            }
        }
        for (int j = 0; j < o.length; j++) {
            o[j] = Double.isInfinite(md[j]) ? md[j] : md[j] + Math.log(o[j]);
        }
        return ax.out;
    }

    /** The p-norm along {@code axis} for p = 1, 2 or infinity. */
    public static Tensor norm(Tensor x, double p, int axis, boolean keepDims) {
        if (p == 2) {
            Tensor s = sum(Elementwise.square(x, null), axis, keepDims);
            return Elementwise.sqrt(s, s);
        }
        if (p == 1) return sum(Elementwise.abs(x, null), axis, keepDims);
        if (p == Double.POSITIVE_INFINITY) return max(Elementwise.abs(x, null), axis, keepDims);
        throw new IllegalArgumentException("norm: p = " + p + " is not supported; use 1, 2 or infinity");
    }

    /**
     * {@code out[j] = d[j] + d[cols + j] + ...}, the column sums of the row-major matrix {@code d} with
     * {@code cols = out.length} columns, added row by row from zero as {@link #sumTo} adds a bias-like sum
     * (the same bits), on whole vectors when the Vector API module is present and the columns fill them.
     *
     * @throws IllegalArgumentException when {@code d.length} is not a whole number of rows
     */
    public static void sumRows(double[] d, double[] out) {
        int cols = out.length;
        if (cols == 0 ? d.length != 0 : d.length % cols != 0) {
            throw new IllegalArgumentException("sumRows: " + d.length + " values in rows of " + cols);
        }
        if (Elementwise.VECTOR_API && cols > 0 && cols % VectorColumnSums.lanes() == 0) {
            VectorColumnSums.sumRows(d, out);
            return;
        }
        java.util.Arrays.fill(out, 0.0);
        for (int base = 0; base < d.length; base += cols) {
            for (int j = 0; j < cols; j++) out[j] += d[base + j];
        }
    }

    // ---------------------------------------------------------------- undoing a broadcast

    /**
     * Sums {@code x} down to {@code shape}, the inverse of broadcasting {@code shape} up to x's shape:
     * dimensions that broadcasting added or stretched from 1 are summed. This is the gradient of a
     * broadcast. {@code shape} must broadcast to x's shape. Always returns a new tensor.
     */
    public static Tensor sumTo(Tensor x, int... shape) {
        int[] xs = x.shapeRef();
        if (!Shapes.broadcastsTo(shape, xs)) {
            throw new IllegalArgumentException("sumTo: " + Shapes.str(xs) + " cannot be summed to " + Shapes.str(shape)
                    + ": " + Shapes.str(shape) + " does not broadcast to " + Shapes.str(xs));
        }
        Tensor out = Tensor.zeros(shape);
        double[] d = x.data(), o = out.data();
        if (o.length == d.length) {
            System.arraycopy(d, 0, o, 0, d.length);
            return out;
        }
        if (isTrailing(shape, xs)) { // bias-like: only leading dimensions are summed
            int inner = o.length;
            for (int base = 0; base < d.length; base += inner) {
                for (int i = 0; i < inner; i++) o[i] += d[base + i];
            }
            return out;
        }
        int[] offs = Broadcast.offsets(shape, xs);
        for (int i = 0; i < d.length; i++) o[offs[i]] += d[i];
        return out;
    }

    /** True when {@code shape}, leading ones stripped, equals the trailing dimensions of {@code full}. */
    private static boolean isTrailing(int[] shape, int[] full) {
        int start = 0;
        while (start < shape.length && shape[start] == 1) start++;
        int len = shape.length - start;
        for (int i = 0; i < len; i++) {
            if (shape[start + i] != full[full.length - len + i]) return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- machinery

    private static Tensor extreme(String op, Tensor x, int axis, boolean keepDims, boolean isMax) {
        Axis ax = new Axis(op, x, axis, keepDims);
        requireNonEmptyAxis(op, x, ax);
        double[] d = x.data(), o = ax.out.data();
        for (int p = 0; p < ax.outer; p++) {
            int ob = p * ax.inner;
            System.arraycopy(d, p * ax.n * ax.inner, o, ob, ax.inner);
            for (int k = 1; k < ax.n; k++) {
                int base = (p * ax.n + k) * ax.inner;
                if (isMax) {
                    for (int i = 0; i < ax.inner; i++) o[ob + i] = Math.max(o[ob + i], d[base + i]);
                } else {
                    for (int i = 0; i < ax.inner; i++) o[ob + i] = Math.min(o[ob + i], d[base + i]);
                }
            }
        }
        return ax.out;
    }

    private static double[] requireNonEmpty(String op, Tensor x) {
        if (x.size() == 0) {
            throw new IllegalArgumentException(op + ": tensor of shape " + Shapes.str(x.shapeRef()) + " is empty");
        }
        return x.data();
    }

    private static void requireNonEmptyAxis(String op, Tensor x, Axis ax) {
        if (ax.n == 0) {
            throw new IllegalArgumentException(op + ": axis " + ax.axis + " of shape " + Shapes.str(x.shapeRef())
                    + " is empty");
        }
    }

    /** The {@code [outer, n, inner]} view of a reduction along one axis, with its zeroed output. */
    static final class Axis {
        final int axis, outer, n, inner;
        final Tensor out;

        Axis(String op, Tensor x, int axis, boolean keepDims) {
            int[] s = x.shapeRef();
            this.axis = Shapes.normalizeAxis(op, axis, s.length);
            this.outer = Shapes.outerSize(s, this.axis);
            this.n = s[this.axis];
            this.inner = Shapes.innerSize(s, this.axis);
            this.out = Tensor.zeros(Shapes.reduceAxis(s, this.axis, keepDims));
        }
    }
}
