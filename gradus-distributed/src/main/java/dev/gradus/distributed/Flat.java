package dev.gradus.distributed;

import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;

/**
 * A parameter tree as one flat vector, in the tree's name order: how aggregators and attacks, which treat a
 * worker's message as a point in {@code R^d}, see it.
 */
public final class Flat {
    private Flat() {}

    /** The tree's values concatenated in name order into {@code out} (length {@code tree.numel()}); returns out. */
    public static double[] flatten(TensorMap tree, double[] out) {
        int at = 0;
        for (Tensor t : tree.tensors()) {
            double[] d = t.data();
            System.arraycopy(d, 0, out, at, d.length);
            at += d.length;
        }
        if (at != out.length) {
            throw new IllegalArgumentException("Flat.flatten: the tree has " + at + " values, the vector " + out.length);
        }
        return out;
    }

    /** The tree's values as a new vector. */
    public static double[] flatten(TensorMap tree) {
        return flatten(tree, new double[Math.toIntExact(tree.numel())]);
    }

    /** Writes {@code flat} back into {@code tree}'s tensors, in name order. */
    public static void unflatten(double[] flat, TensorMap tree) {
        int at = 0;
        for (Tensor t : tree.tensors()) {
            double[] d = t.data();
            if (at + d.length > flat.length) {
                throw new IllegalArgumentException("Flat.unflatten: the vector has " + flat.length
                        + " values, the tree more");
            }
            System.arraycopy(flat, at, d, 0, d.length);
            t.markModified();
            at += d.length;
        }
        if (at != flat.length) {
            throw new IllegalArgumentException("Flat.unflatten: the vector has " + flat.length + " values, the tree "
                    + at);
        }
    }
}
