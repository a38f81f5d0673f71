package dev.gradus.tensor;

import java.util.Arrays;

/**
 * A dense, row-major float64 tensor with a shape.
 *
 * <p>A tensor owns one contiguous {@code double[]}. Operations allocate their results; optimizers and
 * other in-place code write through {@link #data()}, which returns the backing array itself (no copy),
 * so that hot loops run over a plain array. A rank-0 tensor (shape {@code []}) is a scalar.
 *
 * <pre>{@code
 * Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * a.shape();      // [2, 3]
 * a.get(1, 2);    // 6.0
 * }</pre>
 */
public final class Tensor {
    private final double[] data;
    private final int[] shape;

    private Tensor(double[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
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

    /** The backing array itself, row-major. Writes go straight into this tensor. */
    public double[] data() {
        return data;
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
        return new Tensor(data, Shapes.resolveReshape(shape, newShape));
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + (data.length <= 16 ? " " + Arrays.toString(data) : "");
    }
}
