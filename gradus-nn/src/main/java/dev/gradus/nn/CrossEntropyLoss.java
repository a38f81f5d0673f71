package dev.gradus.nn;

import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;

/**
 * Softmax cross-entropy on logits, PyTorch's {@code CrossEntropyLoss}. Logits are {@code [N, K]}; the
 * target is either {@code N} class indices (a tensor of integral values in {@code [0, K)}) or class
 * probabilities {@code [N, K]}. With label smoothing {@code eps} the target distribution becomes
 * {@code (1 - eps) t + eps / K}, so for an index target {@code c}:
 * <pre>
 *   l = -(1 - eps) log p_c - (eps / K) sum_k log p_k,    log p = log_softmax(z)
 * </pre>
 * which is PyTorch's definition. The mean reduction averages over the {@code N} samples; {@code NONE}
 * returns the {@code [N]} per-sample losses. The mean and the sum use core's fused, stable
 * {@link Losses#softmaxCrossEntropy} (the integer-label form when there is no smoothing), whose gradient
 * is {@code softmax(z) - t} per row.
 */
public final class CrossEntropyLoss implements Loss {
    private final Reduction reduction;
    private final double labelSmoothing;

    /** Mean reduction, no label smoothing. */
    public CrossEntropyLoss() {
        this(Reduction.MEAN, 0.0);
    }

    /** The given reduction and label smoothing in [0, 1]. */
    public CrossEntropyLoss(Reduction reduction, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: label smoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.reduction = reduction;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Var apply(Var prediction, Tensor target) {
        int[] s = logitsShape(prediction);
        boolean indices = !target.sameShape(prediction.value());
        if (indices && labelSmoothing == 0 && reduction != Reduction.NONE) {
            Var mean = Losses.softmaxCrossEntropy(prediction, classIndices(target, s[0], s[1]));
            return reduction == Reduction.MEAN ? mean : mean.mul(s[0]);
        }
        Tensor dist = distribution(prediction, target);
        return switch (reduction) {
            case MEAN -> Losses.softmaxCrossEntropy(prediction, dist);
            case SUM -> Losses.softmaxCrossEntropy(prediction, dist).mul(s[0]);
            case NONE -> perSample(prediction, dist);
        };
    }

    /** The {@code [N]} per-sample losses, whatever the reduction. */
    @Override
    public Var perExample(Var prediction, Tensor target) {
        return perSample(prediction, distribution(prediction, target));
    }

    private static Var perSample(Var prediction, Tensor dist) {
        return prediction.logSoftmax(1).mul(dist).sum(1, false).neg();
    }

    private static int[] logitsShape(Var prediction) {
        int[] s = prediction.shape();
        if (s.length != 2) {
            throw new IllegalArgumentException("CrossEntropyLoss: expected logits [N, K], got " + Arrays.toString(s));
        }
        return s;
    }

    /** The (smoothed) target distribution {@code [N, K]} for index or probability targets. */
    private Tensor distribution(Var prediction, Tensor target) {
        int[] s = logitsShape(prediction);
        return target.sameShape(prediction.value()) ? smoothed(target, s[1]) : oneHotSmoothed(target, s[0], s[1]);
    }

    private Tensor smoothed(Tensor probabilities, int classes) {
        return labelSmoothing == 0 ? probabilities
                : probabilities.mul(1 - labelSmoothing).add(labelSmoothing / classes);
    }

    private Tensor oneHotSmoothed(Tensor labels, int n, int classes) {
        int[] c = classIndices(labels, n, classes);
        double off = labelSmoothing / classes;
        Tensor dist = Tensor.full(off, n, classes);
        double[] d = dist.data();
        for (int i = 0; i < n; i++) {
            d[i * classes + c[i]] = 1 - labelSmoothing + off;
        }
        return dist;
    }

    /** The labels as ints, checked: {@code [N]} or {@code [N, 1]}, integral, in {@code [0, classes)}. */
    private static int[] classIndices(Tensor labels, int n, int classes) {
        if (labels.size() != n || labels.rank() > 2 || (labels.rank() == 2 && labels.dim(1) != 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: target " + Arrays.toString(labels.shape())
                    + " is neither " + n + " class indices nor probabilities [" + n + ", " + classes + "]");
        }
        double[] y = labels.data();
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            if (y[i] != Math.rint(y[i]) || y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException("CrossEntropyLoss: label " + y[i] + " at index " + i
                        + " is not a class index in [0, " + classes + ")");
            }
            c[i] = (int) y[i];
        }
        return c;
    }

    @Override
    public String toString() {
        return "CrossEntropyLoss(reduction=" + reduction.name().toLowerCase() + ", label_smoothing=" + labelSmoothing + ")";
    }
}
