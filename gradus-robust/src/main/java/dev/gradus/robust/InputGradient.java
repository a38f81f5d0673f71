package dev.gradus.robust;

import dev.gradus.tensor.Tensor;

/**
 * The gradient of the mean cross-entropy with respect to a batch of inputs, with what an analysis of gradient masking
 * reads beside it.
 *
 * @param gradient d loss / d x, shaped like the inputs
 * @param logits the logits {@code [N, C]} at the inputs
 * @param loss the mean cross-entropy at the inputs (float64)
 */
public record InputGradient(Tensor gradient, Tensor logits, double loss) {

    /** The fraction of inputs (rows) whose whole gradient is exactly zero: FGSM's sign step leaves them unchanged. */
    public double zeroRowFraction() {
        int n = gradient.dim(0);
        int width = n == 0 ? 0 : gradient.size() / n;
        double[] g = gradient.data();
        int zero = 0;
        for (int i = 0; i < n; i++) {
            boolean all = true;
            for (int j = i * width; j < (i + 1) * width && all; j++) {
                all = g[j] == 0.0;
            }
            zero += all ? 1 : 0;
        }
        return n == 0 ? Double.NaN : zero / (double) n;
    }

    /** The L2 norm of each row of the gradient, {@code [N]}. */
    public double[] rowNorms() {
        int n = gradient.dim(0);
        int width = n == 0 ? 0 : gradient.size() / n;
        double[] g = gradient.data();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = i * width; j < (i + 1) * width; j++) {
                s += g[j] * g[j];
            }
            out[i] = Math.sqrt(s);
        }
        return out;
    }

    /** The gap between the largest and the second-largest logit of each row, {@code [N]}. */
    public double[] logitGaps() {
        int n = logits.dim(0);
        int c = logits.dim(1);
        double[] z = logits.data();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double first = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            for (int j = i * c; j < (i + 1) * c; j++) {
                if (z[j] > first) {
                    second = first;
                    first = z[j];
                } else if (z[j] > second) {
                    second = z[j];
                }
            }
            out[i] = first - second;
        }
        return out;
    }
}
