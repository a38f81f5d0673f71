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
            for (int i = 0; i < d.length; i++) {
                // (x - x) is 0 for finite x and NaN for NaN and the infinities: one subtraction per element.
                if (d[i] - d[i] != 0) {
                    throw new NonFiniteException(step, name, "non-finite gradient at step " + step + " (epoch "
                            + epoch + ", batch " + batch + "): parameter '" + name + "' has " + d[i] + " at index "
                            + Arrays.toString(unravel(i, g.shape())) + "; lower the learning rate or check the data");
                }
            }
        }
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
