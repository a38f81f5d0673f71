package dev.gradus.data;

import dev.gradus.tensor.Tensor;

/** One-hot encoding of class ids. */
public final class OneHot {
    private OneHot() {}

    /**
     * An {@code [n, k]} tensor whose row {@code i} is 1 at column {@code labels[i]} and 0 elsewhere.
     *
     * @throws DataException when a label is not in {@code [0, k)}
     */
    public static Tensor encode(int[] labels, int numClasses) {
        if (numClasses <= 0) {
            throw new DataException("oneHot: the number of classes must be positive, got " + numClasses);
        }
        double[] out = new double[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            if (c < 0 || c >= numClasses) {
                throw new DataException("oneHot: label " + c + " at " + i + " is not a class id 0.." + (numClasses - 1));
            }
            out[i * numClasses + c] = 1.0;
        }
        return Tensor.of(out, labels.length, numClasses);
    }
}
