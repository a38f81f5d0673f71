package dev.gradus.data;

import dev.gradus.tensor.Tensor;

/**
 * One mini-batch from a {@link DataLoader}: copies of the features and labels of some samples, with where they
 * came from.
 *
 * <p>{@link #x()} is the flat {@code [b, d]} feature matrix; {@link #samples()} is the same data (not a copy)
 * shaped {@code [b, ...sampleShape]} for convolutional models. {@link #y()} is the labels as an {@code [b]} tensor
 * (class ids as doubles, or regression targets).
 */
public final class Batch {
    private final int epoch;
    private final int index;
    private final int[] indices;
    private final Tensor x;
    private final Tensor y;
    private final int[] classes;
    private final int numClasses;
    private final int[] sampleShape;

    Batch(int epoch, int index, int[] indices, Tensor x, Tensor y, int[] classes, int numClasses, int[] sampleShape) {
        this.epoch = epoch;
        this.index = index;
        this.indices = indices;
        this.x = x;
        this.y = y;
        this.classes = classes;
        this.numClasses = numClasses;
        this.sampleShape = sampleShape;
    }

    /** The epoch this batch belongs to. */
    public int epoch() {
        return epoch;
    }

    /** The position of this batch within its epoch, from 0. */
    public int index() {
        return index;
    }

    /** The number of samples {@code b}. */
    public int size() {
        return indices.length;
    }

    /** The indices of the samples in the data set, in batch order. */
    public int[] indices() {
        return indices.clone();
    }

    /** The features, {@code [b, d]}. The batch owns this tensor; writing to it changes only this batch. */
    public Tensor x() {
        return x;
    }

    /** The features shaped {@code [b, ...sampleShape]}, sharing data with {@link #x()}. */
    public Tensor samples() {
        return x.reshape(Dataset.prepend(indices.length, sampleShape));
    }

    /** The labels, {@code [b]}: class ids as doubles, or regression targets. */
    public Tensor y() {
        return y;
    }

    /** The class ids (a copy). */
    public int[] labels() {
        requireClasses();
        return classes.clone();
    }

    /** The labels one-hot encoded, {@code [b, k]}. */
    public Tensor oneHot() {
        requireClasses();
        return OneHot.encode(classes, numClasses);
    }

    private void requireClasses() {
        if (classes == null) {
            throw new IllegalStateException("batch of a regression data set has no class ids; use y()");
        }
    }

    @Override
    public String toString() {
        return "Batch[epoch " + epoch + ", index " + index + ", " + indices.length + " samples]";
    }
}
