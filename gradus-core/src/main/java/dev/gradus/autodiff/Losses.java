package dev.gradus.autodiff;

import dev.gradus.tensor.Elementwise;
import dev.gradus.tensor.Shapes;
import dev.gradus.tensor.Softmax;
import dev.gradus.tensor.Tensor;

import static dev.gradus.autodiff.SavedValues.IN0;
import static dev.gradus.autodiff.SavedValues.IN1;

/**
 * Fused, numerically stable losses, each averaged into a scalar. Fusing gives one graph node per loss, an
 * exact and overflow-free value, and a short gradient ({@code softmax(z) - y}, {@code sigmoid(z) - y},
 * {@code 2 (p - y)}) whose backward is again differentiable for second-order methods. The targets are the
 * node's second input, a constant, so that changing them in place before backward is caught like any
 * other value the gradient reads.
 */
public final class Losses {
    private Losses() {}

    /**
     * Softmax cross-entropy with integer class labels: {@code mean_i (logsumexp(z_i) - z_i[y_i])} for logits
     * {@code z} of shape {@code [N, C]} and labels in {@code [0, C)}. Gradient: {@code (softmax(z) - onehot(y)) / N}.
     */
    public static Var softmaxCrossEntropy(Var logits, int[] labels) {
        Tensor z = requireMatrix("softmaxCrossEntropy", logits);
        int n = z.dim(0), c = z.dim(1);
        if (labels.length != n) {
            throw new IllegalArgumentException("softmaxCrossEntropy: " + labels.length + " labels for logits of shape "
                    + Shapes.str(z.shape()));
        }
        Tensor oneHot = Tensor.zeros(n, c);
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("softmaxCrossEntropy: label " + labels[i] + " at position " + i
                        + " is out of range for " + c + " classes");
            }
            oneHot.data()[i * c + labels[i]] = 1;
        }
        return crossEntropy("softmaxCrossEntropy", logits, oneHot, true);
    }

    /**
     * Softmax cross-entropy with target probabilities {@code t} (each row usually sums to 1):
     * {@code mean_i (-sum_c t_ic log softmax(z)_ic)} for logits and targets of shape {@code [N, C]}.
     * Gradient: {@code (softmax(z) sum_c t_ic - t) / N}.
     */
    public static Var softmaxCrossEntropy(Var logits, Tensor targetProbs) {
        Tensor z = requireMatrix("softmaxCrossEntropy", logits);
        if (!targetProbs.sameShape(z)) {
            throw new IllegalArgumentException("softmaxCrossEntropy: targets of shape " + Shapes.str(targetProbs.shape())
                    + " for logits of shape " + Shapes.str(z.shape()));
        }
        return crossEntropy("softmaxCrossEntropy", logits, targetProbs, false);
    }

    private static Var crossEntropy(String op, Var logits, Tensor t, boolean rowsSumToOne) {
        Tensor z = logits.value();
        int n = z.dim(0), c = z.dim(1);
        Tensor logp = Softmax.logSoftmax(z, 1, null);
        double[] lp = logp.data(), td = t.data();
        double loss = 0;
        for (int i = 0; i < lp.length; i++) {
            if (td[i] != 0) loss -= td[i] * lp[i];
        }
        double invN = 1.0 / n;
        Tensor rowMass = rowsSumToOne ? null : t.sum(1, true);
        Backward rule = Backward.of(
                (out, g) -> {
                    Var p = out.inputs[0].softmax(1);
                    Var scaled = rowMass == null ? p : p.mul(rowMass);
                    return new Var[] {scaled.sub(t).mul(g.mul(invN)), null};
                },
                (out, g) -> {
                    double scale = g.item() * invN;
                    Tensor grad = Scratch.tensor(n, c);
                    double[] r = grad.data();
                    for (int i = 0; i < n; i++) {
                        double mass = rowMass == null ? 1.0 : rowMass.data()[i];
                        for (int k = 0; k < c; k++) {
                            int j = i * c + k;
                            r[j] = (Math.exp(lp[j]) * mass - td[j]) * scale;
                        }
                    }
                    return new Tensor[] {grad, null};
                });
        return Var.node(op, Tensor.scalar(loss * invN), rule, IN0 | IN1, logits, Var.constant(t, "targets"));
    }

    /**
     * Binary cross-entropy on logits: {@code mean(max(z, 0) - z t + log(1 + e^-|z|))}, which equals
     * {@code -mean(t log sigmoid(z) + (1 - t) log(1 - sigmoid(z)))} without overflow. Targets in [0, 1], same
     * shape as the logits. Gradient: {@code (sigmoid(z) - t) / size}.
     */
    public static Var binaryCrossEntropyWithLogits(Var logits, Tensor targets) {
        Tensor z = logits.value();
        requireSameShape("binaryCrossEntropyWithLogits", z, targets);
        double[] zd = z.data(), td = targets.data();
        double loss = 0;
        for (int i = 0; i < zd.length; i++) {
            loss += Elementwise.softplus(zd[i]) - zd[i] * td[i];
        }
        double invN = 1.0 / zd.length;
        Backward rule = Backward.of(
                (out, g) -> new Var[] {out.inputs[0].sigmoid().sub(targets).mul(g.mul(invN)), null},
                (out, g) -> {
                    double scale = g.item() * invN;
                    Tensor grad = Scratch.tensor(z.shape());
                    double[] r = grad.data();
                    for (int i = 0; i < r.length; i++) r[i] = (Elementwise.sigmoid(zd[i]) - td[i]) * scale;
                    return new Tensor[] {grad, null};
                });
        return Var.node("binaryCrossEntropyWithLogits", Tensor.scalar(loss * invN), rule, IN0 | IN1, logits,
                Var.constant(targets, "targets"));
    }

    /** Mean squared error {@code mean((p - t)^2)} against a constant target of the same shape. */
    public static Var mse(Var prediction, Tensor target) {
        Tensor p = prediction.value();
        requireSameShape("mse", p, target);
        double[] pd = p.data(), td = target.data();
        double loss = 0;
        for (int i = 0; i < pd.length; i++) {
            double d = pd[i] - td[i];
            loss += d * d;
        }
        double twoOverN = 2.0 / pd.length;
        Backward rule = Backward.of(
                (out, g) -> new Var[] {out.inputs[0].sub(target).mul(g.mul(twoOverN)), null},
                (out, g) -> {
                    double scale = g.item() * twoOverN;
                    Tensor grad = Scratch.tensor(p.shape());
                    double[] r = grad.data();
                    for (int i = 0; i < r.length; i++) r[i] = (pd[i] - td[i]) * scale;
                    return new Tensor[] {grad, null};
                });
        return Var.node("mse", Tensor.scalar(loss / pd.length), rule, IN0 | IN1, prediction,
                Var.constant(target, "target"));
    }

    /** Mean squared error between two vars of the same shape (both may require grad). */
    public static Var mse(Var prediction, Var target) {
        requireSameShape("mse", prediction.value(), target.value());
        return prediction.sub(target).square().mean();
    }

    private static Tensor requireMatrix(String op, Var logits) {
        Tensor z = logits.value();
        if (z.rank() != 2) {
            throw new IllegalArgumentException(op + ": logits must have shape [N, C], got " + Shapes.str(z.shape()));
        }
        return z;
    }

    private static void requireSameShape(String op, Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException(op + ": prediction of shape " + Shapes.str(a.shape()) + " and target of shape "
                    + Shapes.str(b.shape()) + " differ");
        }
    }
}
