package dev.gradus.train;

import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Arrays;

/**
 * Checks the loss and the gradients of every step before the optimizer sees them, so that one bad step
 * stops training with a precise message instead of silently filling the weights with NaN.
 */
public final class NonFiniteGuard {
    private NonFiniteGuard() {}

    /** Throws when {@code loss} is NaN or infinite. */
    public static void checkLoss(double loss, long step, int epoch, int batch) {
        if (!Double.isFinite(loss)) {
            throw new NonFiniteException(step, null, "non-finite loss at step " + step + " (epoch " + epoch
                    + ", batch " + batch + "): loss is " + loss + "; lower the learning rate or check the data");
        }
    }

    /** Throws at the first gradient element that is NaN or infinite, naming its parameter and index. */
    public static void checkGradients(TensorMap grads, long step, int epoch, int batch) {
        for (String name : grads.names()) {
            Tensor g = grads.get(name);
            double[] d = g.data();
            if (allFinite(d)) {
                continue;
            }
            for (int i = 0; i < d.length; i++) {
                if (!Double.isFinite(d[i])) {
                    throw new NonFiniteException(step, name, "non-finite gradient at step " + step + " (epoch "
                            + epoch + ", batch " + batch + "): parameter '" + name + "' has " + d[i] + " at index "
                            + Arrays.toString(unravel(i, g.shape())) + "; lower the learning rate or check the data");
                }
            }
        }
    }

    /**
     * True when every value is finite. {@code x - x} is 0 for finite {@code x} and NaN for NaN and the
     * infinities, and NaN survives any sum; four independent sums keep the loop free of a long dependency
     * chain, so the check costs a small fraction of a training step.
     */
    static boolean allFinite(double[] d) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < d.length; i += 4) {
            s0 += d[i] - d[i];
            s1 += d[i + 1] - d[i + 1];
            s2 += d[i + 2] - d[i + 2];
            s3 += d[i + 3] - d[i + 3];
        }
        for (; i < d.length; i++) {
            s0 += d[i] - d[i];
        }
        return s0 + s1 + s2 + s3 == 0;
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int a = shape.length - 1; a >= 0; a--) {
            idx[a] = flat % shape[a];
            flat /= shape[a];
        }
        return idx;
    }
}
