package dev.gradus.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * A dense, row-major float64 tensor with a shape.
 *
 * <p>The instance methods ({@code a.add(b)}, {@code a.matmul(b)}, ...) are the user-facing API; each
 * delegates to a kernel class grouped by concept: {@link Elementwise} (NumPy broadcasting),
 * {@link Reductions}, {@link Products}, {@link Softmax} and {@link ShapeOps}. Call those directly to pass
 * an output tensor and avoid allocation in hot loops.
 *
 * <p><b>Equality.</b> {@link #equals} is value equality: same shape and the same doubles bit for bit
 * (as {@link Arrays#equals(double[], double[])}: NaN equals NaN, 0.0 differs from -0.0). Tensors are
 * mutable, so do not mutate one while it is a key in a hash-based collection. Use {@link #allClose} for
 * numerical comparison.
 *
 * <p>A tensor owns one contiguous {@code double[]}. Operations allocate their results; optimizers and
 * other in-place code write through {@link #data()}, which returns the backing array itself (no copy),
 * so that hot loops run over a plain array. A rank-0 tensor (shape {@code []}) is a scalar.
 *
 * <p><b>Versions.</b> Every tensor counts its in-place modifications in {@link #version()}, as PyTorch's
 * {@code _version} does, so that autodiff can refuse to differentiate a graph whose recorded values were
 * changed after the forward pass (which would mix the loss at one point with the gradient at another).
 * Every mutation through this API counts: {@link #assign}, {@link #fill}, {@link #set}, and any kernel
 * given an output tensor ({@code Elementwise.add(a, b, out)}, {@code Products.matmul(..., out)},
 * {@link ShapeOps#indexAdd}). Writes through {@link #data()} cannot be seen, so <b>code that writes through
 * {@code data()} must call {@link #markModified()} once afterwards</b> (once per tensor, not per element).
 * Views ({@link #reshape}, {@link #squeeze}, {@link #unsqueeze}) share the array and its counter; a tensor
 * made by {@link #of} around an array that another tensor already holds has a counter of its own.
 *
 * <pre>{@code
 * Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * a.shape();      // [2, 3]
 * a.get(1, 2);    // 6.0
 * }</pre>
 */
public final class Tensor implements StateLeaf {
    private final double[] data;
    private final int[] shape;
    /** The tensor that owns {@link #data} and its counter when this is a view; null when this one owns them. */
    private final Tensor owner;
    /** The in-place modification count of {@link #data} (used only when {@link #owner} is null). */
    private int version;

    private Tensor(double[] data, int[] shape) {
        this(data, shape, null);
    }

    private Tensor(double[] data, int[] shape, Tensor owner) {
        this.data = data;
        this.shape = shape;
        this.owner = owner;
    }

    /** Wraps {@code data} (not copied) with the given shape; the product of the dimensions must equal its length. */
    public static Tensor of(double[] data, int... shape) {
        int[] s = shape.clone();
        long n = Shapes.checkedSize("of", s);
        if (n != data.length) {
            throw new IllegalArgumentException("of: shape " + Arrays.toString(s) + " holds " + n
                    + " elements but data has " + data.length);
        }
        return new Tensor(data, s);
    }

    /** Wraps without copying or checking: for kernels that have already validated the shape. */
    static Tensor wrap(double[] data, int[] shape) {
        return new Tensor(data, shape);
    }

    /** A view of {@code base}'s array with another shape (checked by the caller), sharing its version counter. */
    static Tensor view(Tensor base, int[] shape) {
        return new Tensor(base.data, shape, base.owner == null ? base : base.owner);
    }

    /** The shape array itself (no copy), for kernels in this package that only read it. */
    int[] shapeRef() {
        return shape;
    }

    /** A vector holding a copy of {@code values}. */
    public static Tensor vector(double... values) {
        return new Tensor(values.clone(), new int[] {values.length});
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(double value) {
        return new Tensor(new double[] {value}, new int[0]);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) {
        int[] s = shape.clone();
        return new Tensor(new double[Math.toIntExact(Shapes.checkedSize("zeros", s))], s);
    }

    /** A tensor of zeros with the shape of {@code like}. */
    public static Tensor zerosLike(Tensor like) {
        return new Tensor(new double[like.data.length], like.shape.clone());
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(double value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    /** A tensor of ones. */
    public static Tensor ones(int... shape) {
        return full(1.0, shape);
    }

    /**
     * The backing array itself, row-major. Writes go straight into this tensor; call {@link #markModified()}
     * after writing, or autodiff cannot tell that a graph which read the old values is out of date.
     */
    public double[] data() {
        return data;
    }

    /**
     * The number of in-place modifications of this tensor's array so far (shared with its views): 0 when
     * created, then one more for each mutation through this API and each {@link #markModified()}. Autodiff
     * records it when a graph node is created and compares it before backpropagating through the node.
     */
    public int version() {
        return owner == null ? version : owner.version;
    }

    /**
     * Records that the values were changed in place through {@link #data()}. Call it once after the
     * writes (an optimizer step, a copy into the array, a re-initialisation); it costs one increment.
     */
    public void markModified() {
        if (owner == null) {
            version++;
        } else {
            owner.version++;
        }
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The size of dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape[Shapes.normalizeAxis("dim", axis, shape.length)];
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int size() {
        return data.length;
    }

    /** True when both tensors have the same shape. */
    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /** A deep copy. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    /** Copies the values of {@code src} (same shape) into this tensor. */
    public void assign(Tensor src) {
        if (!sameShape(src)) {
            throw new IllegalArgumentException("assign: " + Arrays.toString(shape) + " <- "
                    + Arrays.toString(src.shape) + ": shapes differ");
        }
        System.arraycopy(src.data, 0, data, 0, data.length);
        markModified();
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (data.length != 1) {
            throw new IllegalStateException("item: tensor of shape " + Arrays.toString(shape) + " has "
                    + data.length + " elements, expected 1");
        }
        return data[0];
    }

    /** The element at a full index. */
    public double get(int... index) {
        return data[offset(index)];
    }

    /** Sets the element at a full index. */
    public void set(double value, int... index) {
        data[offset(index)] = value;
        markModified();
    }

    private int offset(int[] index) {
        if (index.length != shape.length) {
            throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " has " + index.length
                    + " dimensions, tensor has shape " + Arrays.toString(shape));
        }
        int off = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of bounds for shape "
                        + Arrays.toString(shape));
            }
            off = off * shape[i] + index[i];
        }
        return off;
    }

    /** A view with a new shape over the same data (row-major order is kept). One dimension may be -1. */
    public Tensor reshape(int... newShape) {
        return view(this, Shapes.resolveReshape(shape, newShape));
    }

    // ================================================================ creation

    /** {@code [0, 1, ..., n-1]}. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** {@code start, start + step, ...} while below {@code stop} (above it for a negative step). */
    public static Tensor arange(double start, double stop, double step) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        int n = (int) Math.max(0, Math.ceil((stop - start) / step));
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = start + i * step;
        return new Tensor(d, new int[] {n});
    }

    /** {@code n} evenly spaced values from {@code start} to {@code stop}, both included. */
    public static Tensor linspace(double start, double stop, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("linspace: negative count " + n);
        }
        double[] d = new double[n];
        double step = n > 1 ? (stop - start) / (n - 1) : 0;
        for (int i = 0; i < n; i++) d[i] = start + i * step;
        if (n > 1) d[n - 1] = stop;
        return new Tensor(d, new int[] {n});
    }

    /** The {@code n x n} identity matrix. */
    public static Tensor eye(int n) {
        Tensor t = zeros(n, n);
        for (int i = 0; i < n; i++) t.data[i * n + i] = 1;
        return t;
    }

    /** Standard normal draws from {@code rng}. */
    public static Tensor randn(RandomStream rng, int... shape) {
        Tensor t = zeros(shape);
        rng.fillNormal(t.data);
        return t;
    }

    /** Uniform draws in [0, 1) from {@code rng}. */
    public static Tensor rand(RandomStream rng, int... shape) {
        return uniform(rng, 0, 1, shape);
    }

    /** Uniform draws in [lo, hi) from {@code rng}. */
    public static Tensor uniform(RandomStream rng, double lo, double hi, int... shape) {
        Tensor t = zeros(shape);
        rng.fillUniform(t.data, lo, hi);
        return t;
    }

    /** A tensor of ones with the shape of {@code like}. */
    public static Tensor onesLike(Tensor like) {
        return full(1.0, like.shape);
    }

    /** Sets every element to {@code value}; returns this tensor. */
    public Tensor fill(double value) {
        Arrays.fill(data, value);
        markModified();
        return this;
    }

    // ================================================================ elementwise (NumPy broadcasting)

    /** {@code this + b}, broadcasting. */
    public Tensor add(Tensor b) { return Elementwise.add(this, b, null); }

    /** {@code this - b}, broadcasting. */
    public Tensor sub(Tensor b) { return Elementwise.sub(this, b, null); }

    /** {@code this * b}, broadcasting. */
    public Tensor mul(Tensor b) { return Elementwise.mul(this, b, null); }

    /** {@code this / b}, broadcasting. */
    public Tensor div(Tensor b) { return Elementwise.div(this, b, null); }

    /** {@code this ^ b}, broadcasting. */
    public Tensor pow(Tensor b) { return Elementwise.pow(this, b, null); }

    /** The elementwise minimum, broadcasting. */
    public Tensor minimum(Tensor b) { return Elementwise.minimum(this, b, null); }

    /** The elementwise maximum, broadcasting. */
    public Tensor maximum(Tensor b) { return Elementwise.maximum(this, b, null); }

    /** {@code this + s}. */
    public Tensor add(double s) { return Elementwise.add(this, s, null); }

    /** {@code this - s}. */
    public Tensor sub(double s) { return Elementwise.sub(this, s, null); }

    /** {@code s - this}. */
    public Tensor rsub(double s) { return Elementwise.rsub(s, this, null); }

    /** {@code this * s}. */
    public Tensor mul(double s) { return Elementwise.mul(this, s, null); }

    /** {@code this / s}. */
    public Tensor div(double s) { return Elementwise.div(this, s, null); }

    /** {@code s / this}. */
    public Tensor rdiv(double s) { return Elementwise.rdiv(s, this, null); }

    /** {@code this ^ p}. */
    public Tensor pow(double p) { return Elementwise.pow(this, p, null); }

    /** {@code min(this, s)}. */
    public Tensor minimum(double s) { return Elementwise.minimum(this, s, null); }

    /** {@code max(this, s)}. */
    public Tensor maximum(double s) { return Elementwise.maximum(this, s, null); }

    /** {@code -this}. */
    public Tensor neg() { return Elementwise.neg(this, null); }

    /** {@code e^this}. */
    public Tensor exp() { return Elementwise.exp(this, null); }

    /** The natural logarithm. */
    public Tensor log() { return Elementwise.log(this, null); }

    /** The square root. */
    public Tensor sqrt() { return Elementwise.sqrt(this, null); }

    /** {@code this * this}. */
    public Tensor square() { return Elementwise.square(this, null); }

    /** {@code 1 / this}. */
    public Tensor reciprocal() { return Elementwise.reciprocal(this, null); }

    /** The absolute value. */
    public Tensor abs() { return Elementwise.abs(this, null); }

    /** The sign (-1, 0, 1). */
    public Tensor sign() { return Elementwise.sign(this, null); }

    /** The hyperbolic tangent. */
    public Tensor tanh() { return Elementwise.tanh(this, null); }

    /** The logistic function. */
    public Tensor sigmoid() { return Elementwise.sigmoid(this, null); }

    /** {@code max(this, 0)}. */
    public Tensor relu() { return Elementwise.relu(this, null); }

    /** {@code log(1 + e^this)}, numerically stable. */
    public Tensor softplus() { return Elementwise.softplus(this, null); }

    /** {@code min(max(this, lo), hi)}. */
    public Tensor clamp(double lo, double hi) { return Elementwise.clamp(this, lo, hi, null); }

    /** Mask (1/0) of {@code this > b}, broadcasting. */
    public Tensor gt(Tensor b) { return Elementwise.gt(this, b, null); }

    /** Mask of {@code this >= b}, broadcasting. */
    public Tensor ge(Tensor b) { return Elementwise.ge(this, b, null); }

    /** Mask of {@code this < b}, broadcasting. */
    public Tensor lt(Tensor b) { return Elementwise.lt(this, b, null); }

    /** Mask of {@code this <= b}, broadcasting. */
    public Tensor le(Tensor b) { return Elementwise.le(this, b, null); }

    /** Mask of {@code this == b}, broadcasting. */
    public Tensor eq(Tensor b) { return Elementwise.eq(this, b, null); }

    /** Mask of {@code this > s}. */
    public Tensor gt(double s) { return Elementwise.gt(this, s, null); }

    /** Mask of {@code this >= s}. */
    public Tensor ge(double s) { return Elementwise.ge(this, s, null); }

    /** Mask of {@code this < s}. */
    public Tensor lt(double s) { return Elementwise.lt(this, s, null); }

    /** Mask of {@code this <= s}. */
    public Tensor le(double s) { return Elementwise.le(this, s, null); }

    /** Mask of {@code this == s}. */
    public Tensor eq(double s) { return Elementwise.eq(this, s, null); }

    /** {@code mask != 0 ? a : b}, broadcasting all three. */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) { return Elementwise.where(mask, a, b, null); }

    // ================================================================ reductions

    /** The sum of all elements. */
    public double sum() { return Reductions.sum(this); }

    /** The sum along {@code axis}, which is removed. */
    public Tensor sum(int axis) { return Reductions.sum(this, axis, false); }

    /** The sum along {@code axis}, kept as size 1 when {@code keepDims}. */
    public Tensor sum(int axis, boolean keepDims) { return Reductions.sum(this, axis, keepDims); }

    /** The mean of all elements. */
    public double mean() { return Reductions.mean(this); }

    /** The mean along {@code axis}. */
    public Tensor mean(int axis, boolean keepDims) { return Reductions.mean(this, axis, keepDims); }

    /** The largest element. */
    public double max() { return Reductions.max(this); }

    /** The maximum along {@code axis}. */
    public Tensor max(int axis, boolean keepDims) { return Reductions.max(this, axis, keepDims); }

    /** The smallest element. */
    public double min() { return Reductions.min(this); }

    /** The minimum along {@code axis}. */
    public Tensor min(int axis, boolean keepDims) { return Reductions.min(this, axis, keepDims); }

    /** The flat index of the first largest element. */
    public int argmax() { return Reductions.argmax(this); }

    /** The index of the first maximum along {@code axis}, as a tensor of the reduced shape. */
    public Tensor argmax(int axis) {
        int[] idx = Reductions.argmax(this, axis);
        double[] d = new double[idx.length];
        for (int i = 0; i < idx.length; i++) d[i] = idx[i];
        return new Tensor(d, Shapes.reduceAxis(shape, Shapes.normalizeAxis("argmax", axis, shape.length), false));
    }

    /** {@code log(sum(exp(this)))} over all elements, stable. */
    public double logsumexp() { return Reductions.logsumexp(this); }

    /** {@code log(sum(exp(this)))} along {@code axis}, stable. */
    public Tensor logsumexp(int axis, boolean keepDims) { return Reductions.logsumexp(this, axis, keepDims); }

    /** The L2 norm of all elements. */
    public double norm() { return Reductions.norm2(this); }

    /** The p-norm of all elements, p = 1, 2 or infinity. */
    public double norm(double p) { return Reductions.norm(this, p); }

    /** The p-norm along {@code axis}, p = 1, 2 or infinity. */
    public Tensor norm(double p, int axis, boolean keepDims) { return Reductions.norm(this, p, axis, keepDims); }

    /** Sums down to {@code shape}: the inverse of broadcasting {@code shape} to this shape. */
    public Tensor sumTo(int... shape) { return Reductions.sumTo(this, shape); }

    // ================================================================ products

    /** The matrix product with NumPy's rules (1-D operands, batched leading dimensions). */
    public Tensor matmul(Tensor b) { return Products.matmul(this, b, false, false, null); }

    /** {@code op(this) @ op(b)}, transposing the last two axes of an operand whose flag is set. */
    public Tensor matmul(Tensor b, boolean transA, boolean transB) { return Products.matmul(this, b, transA, transB, null); }

    /** The sum of elementwise products with a tensor of the same shape. */
    public double dot(Tensor b) { return Products.dot(this, b); }

    /** The outer product of the flattened tensors. */
    public Tensor outer(Tensor b) { return Products.outer(this, b, null); }

    /** The softmax along {@code axis}. */
    public Tensor softmax(int axis) { return Softmax.softmax(this, axis, null); }

    /** The log-softmax along {@code axis}. */
    public Tensor logSoftmax(int axis) { return Softmax.logSoftmax(this, axis, null); }

    // ================================================================ shape

    /** Swaps the last two axes (rank 2 or more). */
    public Tensor transpose() { return ShapeOps.transpose(this); }

    /** Swaps two axes. */
    public Tensor transpose(int axis1, int axis2) { return ShapeOps.transpose(this, axis1, axis2); }

    /** Reorders the axes: result dimension {@code i} is dimension {@code axes[i]} of this tensor. */
    public Tensor permute(int... axes) { return ShapeOps.permute(this, axes); }

    /** Rows {@code [from, to)} along axis 0. */
    public Tensor sliceRows(int from, int to) { return ShapeOps.sliceRows(this, from, to); }

    /** {@code length} entries from {@code start} along {@code axis}. */
    public Tensor narrow(int axis, int start, int length) { return ShapeOps.narrow(this, axis, start, length); }

    /** Zero padding along {@code axis}. */
    public Tensor pad(int axis, int before, int after) { return ShapeOps.pad(this, axis, before, after); }

    /** Gathers rows along axis 0. */
    public Tensor indexSelect(int... index) { return ShapeOps.indexSelect(this, index); }

    /** A copy of this tensor with {@code src}'s rows added at rows {@code index} (repeats accumulate). */
    public Tensor indexAdd(int[] index, Tensor src) { return ShapeOps.indexAdd(copy(), index, src); }

    /** Broadcasts to {@code shape}, materialising the repeats. */
    public Tensor broadcastTo(int... shape) { return ShapeOps.broadcastTo(this, shape); }

    /** Same as {@link #broadcastTo}. */
    public Tensor expand(int... shape) { return ShapeOps.broadcastTo(this, shape); }

    /** A view with a unit dimension inserted at {@code axis}. */
    public Tensor unsqueeze(int axis) { return ShapeOps.unsqueeze(this, axis); }

    /** A view without the unit dimension {@code axis}. */
    public Tensor squeeze(int axis) { return ShapeOps.squeeze(this, axis); }

    /** Joins tensors along an existing axis. */
    public static Tensor concat(List<Tensor> parts, int axis) { return ShapeOps.concat(parts, axis); }

    /** Joins tensors of one shape along a new axis. */
    public static Tensor stack(List<Tensor> parts, int axis) { return ShapeOps.stack(parts, axis); }

    // ================================================================ comparison and printing

    /**
     * NumPy's {@code allclose}: same shape and {@code |a - b| <= atol + rtol * |b|} everywhere, with
     * NaNs never close. Tensors of different shapes are not close.
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!sameShape(other)) {
            return false;
        }
        double[] b = other.data;
        for (int i = 0; i < data.length; i++) {
            if (!(Math.abs(data[i] - b[i]) <= atol + rtol * Math.abs(b[i])) && data[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@link #allClose(Tensor, double, double)} with NumPy's defaults rtol = 1e-5, atol = 1e-8. */
    public boolean allClose(Tensor other) {
        return allClose(other, 1e-5, 1e-8);
    }

    /** Value equality: same shape and bitwise-identical elements (see the class comment). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /**
     * The shape and the elements as nested brackets, NumPy style; dimensions longer than 6 show their
     * first and last three entries around "...".
     */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    // ================================================================ state leaf

    /** Copies the values of {@code source}, a tensor of this shape (see {@link #assign}). */
    @Override
    public void restore(StateLeaf source) {
        if (!(source instanceof Tensor t)) {
            throw new IllegalArgumentException("restore: a tensor cannot take the value of a "
                    + source.getClass().getSimpleName());
        }
        assign(t);
    }

    /** This tensor as an {@code F64} entry of its shape. */
    @Override
    public dev.gradus.tensor.io.Safetensors.Entry encode(String name) {
        return dev.gradus.tensor.io.Safetensors.f64(name, this);
    }

    /** A tensor of this shape from an {@code F64} entry of the same shape. */
    @Override
    public Tensor decode(dev.gradus.tensor.io.Safetensors.Entry entry) {
        if (entry.dtype() != dev.gradus.tensor.io.Safetensors.DType.F64 || !Arrays.equals(shape, entry.shape())) {
            throw StateLeaf.mismatch("F64" + Arrays.toString(shape), entry);
        }
        return Tensor.of(entry.toDoubles(), shape.clone());
    }
}
