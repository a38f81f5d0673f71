package dev.gradus.robust;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Input gradients of the cross-entropy, the quantity every gradient attack follows:
 *
 * <pre>
 * L(x) = (1/N) sum_i [ logsumexp(z_i(x)) - z_i(x)[y_i] ],   dL/dz_i = (softmax(z_i) - onehot(y_i)) / N,
 * dL/dx = backprop of dL/dz through the classifier
 * </pre>
 *
 * With {@link SoftmaxPrecision#FLOAT32} the softmax and {@code dL/dz} are computed in float32 ({@code p_j =
 * exp(z_j - max z) / sum}, each operation rounded), then backpropagated in float64: this reproduces the
 * underflow of {@code p_j} for large logit gaps that masks a distilled network's gradient in float32 frameworks.
 */
public final class InputGradients {
    private InputGradients() {}

    /** The cross-entropy input gradient of {@code f} at {@code x} ({@code [N, ...]}) for class labels {@code labels}. */
    public static InputGradient crossEntropy(Classifier f, Tensor x, int[] labels, SoftmaxPrecision precision) {
        if (x.rank() == 0 || x.dim(0) != labels.length) {
            throw new IllegalArgumentException("InputGradients.crossEntropy: " + labels.length + " labels for inputs "
                    + Arrays.toString(x.shape()));
        }
        Var xv = Var.leaf(x.copy(), true);
        Var logits = f.logits(xv);
        Var loss = Losses.softmaxCrossEntropy(logits, labels);
        Tensor g;
        if (precision == SoftmaxPrecision.FLOAT64) {
            g = Autodiff.grad(loss, List.of(xv)).get(0);
        } else {
            g = Autodiff.grad(logits, List.of(xv), float32LogitGradient(logits.value(), labels), false).get(0);
        }
        return new InputGradient(g, logits.value(), loss.item());
    }

    /** {@code (softmax(z) - onehot(y)) / N} with every operation rounded to float32. */
    static Tensor float32LogitGradient(Tensor logits, int[] labels) {
        int n = logits.dim(0);
        int c = logits.dim(1);
        double[] z = logits.data();
        double[] out = new double[n * c];
        float inv = 1f / n;
        float[] e = new float[c];
        for (int i = 0; i < n; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, (float) z[i * c + j]);
            }
            float sum = 0f;
            for (int j = 0; j < c; j++) {
                e[j] = (float) Math.exp((float) z[i * c + j] - max);
                sum += e[j];
            }
            for (int j = 0; j < c; j++) {
                float p = e[j] / sum;
                out[i * c + j] = (j == labels[i] ? p - 1f : p) * inv;
            }
        }
        return Tensor.of(out, n, c);
    }
}
