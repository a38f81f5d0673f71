package dev.gradus.robust.inversion;

import dev.gradus.tensor.Tensor;

/**
 * iDLG's label inference (Zhao, Mopuri &amp; Bilen, "iDLG: Improved Deep Leakage from Gradients", 2020,
 * arXiv:2001.02610). For softmax cross-entropy the gradient of the last layer's bias is {@code (p - onehot(y)) / N}
 * summed over the batch: only the classes present in the batch can be negative, and for one example exactly its label
 * is. (With non-negative last hidden activations the last weight's rows carry the same signs.)
 */
public final class LabelInference {
    private LabelInference() {}

    /** The label of a single example: the index of the negative (smallest) entry of the last bias gradient {@code [C]}. */
    public static int single(Tensor lastBiasGradient) {
        double[] g = lastBiasGradient.data();
        if (g.length == 0) {
            throw new IllegalArgumentException("LabelInference.single: empty bias gradient");
        }
        int best = 0;
        for (int j = 1; j < g.length; j++) {
            if (g[j] < g[best]) {
                best = j;
            }
        }
        return best;
    }

    /** The classes whose last bias gradient entry is negative: the batch's labels when they are distinct. */
    public static int[] present(Tensor lastBiasGradient) {
        double[] g = lastBiasGradient.data();
        return java.util.stream.IntStream.range(0, g.length).filter(j -> g[j] < 0).toArray();
    }
}
