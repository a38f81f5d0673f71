package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;

/**
 * Layer normalisation over the last dimension (Ba, Kiros and Hinton 2016; PyTorch's
 * {@code LayerNorm(normalized_shape=d)}):
 * <pre>
 *   y = (x - mean(x)) / sqrt(var(x) + eps) * weight + bias
 * </pre>
 * with the mean and the biased variance taken over the last dimension of each row. {@code weight} starts
 * at ones and {@code bias} at zeros; both are omitted when {@code elementwiseAffine} is false. The layer
 * behaves the same in training and evaluation mode, and it normalises each example on its own, so
 * per-sample gradients ({@link PerSampleGradients}) are batched for it.
 */
public final class LayerNorm extends Module {
    private final int features;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    /** Normalises the last dimension of size {@code features}, eps 1e-5, with affine parameters. */
    public LayerNorm(int features) {
        this(features, 1e-5, true);
    }

    /** Normalises the last dimension of size {@code features}. */
    public LayerNorm(int features, double eps, boolean elementwiseAffine) {
        if (features <= 0 || !(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: need features > 0 and eps > 0, got " + features + ", " + eps);
        }
        this.features = features;
        this.eps = eps;
        this.weight = elementwiseAffine ? addParameter("weight", Tensor.ones(features)) : null;
        this.bias = elementwiseAffine ? addParameter("bias", Tensor.zeros(features)) : null;
    }

    /** The scale {@code [features]}, or null without affine parameters. */
    public Parameter weight() {
        return weight;
    }

    /** The shift {@code [features]}, or null without affine parameters. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Var forward(Var input) {
        int[] s = input.shape();
        if (s.length == 0 || s[s.length - 1] != features) {
            throw new IllegalArgumentException("LayerNorm(" + features + "): input shape " + Arrays.toString(s)
                    + " does not end in " + features);
        }
        Var centered = input.sub(input.mean(-1, true));
        Var var = centered.square().mean(-1, true);
        Var y = centered.mul(var.add(eps).pow(-0.5));
        if (weight == null) {
            return y;
        }
        Var out = y.mul(weight.node()).add(bias.node());
        PerSampleTap tap = perSampleTap();
        return tap == null ? out : tap.scaleShift(weight, bias, y, out);
    }

    @Override
    protected String extraRepr() {
        return "(" + features + ",), eps=" + pythonRepr(eps) + ", elementwise_affine=" + pythonBool(weight != null);
    }
}
