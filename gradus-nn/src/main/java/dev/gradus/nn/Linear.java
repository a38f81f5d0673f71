package dev.gradus.nn;

import dev.gradus.autodiff.FusedActivation;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;

/**
 * An affine map {@code y = x W^T + b}, PyTorch's {@code Linear}: weight {@code [out, in]}, bias {@code [out]}.
 * The input is {@code [..., in]}; leading dimensions are flattened into one batch dimension and restored.
 *
 * <p>Default initialisation is PyTorch's: weight and bias uniform on {@code [-1/sqrt(in), 1/sqrt(in))}
 * ({@code kaiming_uniform_(a=sqrt(5))}), drawn from the given stream, weight first.
 *
 * <p>Speed: the forward pass is one fused graph node ({@link Var#affine}): one BLAS dgemm ({@code x} times the
 * transposed weight, without copying it), then the bias added in place; the backward pass is two dgemms and
 * a column sum for the bias. A {@link Sequential} runs a Linear layer and the ReLU, Tanh or Sigmoid after it
 * as one node too ({@link #forward(Var, FusedActivation)}); the results are those of the separate layers,
 * bit for bit.
 *
 * <p>Per-sample gradients ({@link PerSampleGradients}): batched, {@code dW_i = g_i x_i^T} summed over the
 * positions of example {@code i}.
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    /** {@code in -> out} with a bias and PyTorch's default initialisation. */
    public Linear(int inFeatures, int outFeatures, RandomStream rng) {
        this(inFeatures, outFeatures, true, rng);
    }

    /** {@code in -> out}, with or without a bias, and PyTorch's default initialisation. */
    public Linear(int inFeatures, int outFeatures, boolean bias, RandomStream rng) {
        this(inFeatures, outFeatures, bias, Initializer.torchDefaultWeight(), Initializer.torchDefaultBias(inFeatures), rng);
    }

    /** {@code in -> out} with the given initialisers (the bias initialiser is ignored without a bias). */
    public Linear(int inFeatures, int outFeatures, boolean bias, Initializer weightInit, Initializer biasInit,
                  RandomStream rng) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: features must be positive, got in=" + inFeatures
                    + ", out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = addParameter("weight", weightInit.tensor(rng, outFeatures, inFeatures));
        if (bias) {
            this.bias = addParameter("bias", biasInit.tensor(rng, outFeatures));
        } else {
            this.bias = null;
        }
    }

    /** The weight {@code [out, in]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias {@code [out]}, or null without one. */
    public Parameter bias() {
        return bias;
    }

    /** Input features. */
    public int inFeatures() {
        return inFeatures;
    }

    /** Output features. */
    public int outFeatures() {
        return outFeatures;
    }

    @Override
    public Var forward(Var input) {
        return forward(input, FusedActivation.IDENTITY);
    }

    /**
     * {@code act(forward(input))} as one fused node when it can be (a 2-D input, outside a per-sample gradient
     * recording), and as the separate ops otherwise; either way the same values and gradients, bit for bit.
     */
    public Var forward(Var input, FusedActivation act) {
        int[] s = input.shape();
        if (s.length == 0 || s[s.length - 1] != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + " -> " + outFeatures + "): input shape "
                    + java.util.Arrays.toString(s) + " does not end in " + inFeatures);
        }
        PerSampleTap tap = perSampleTap();
        if (s.length == 2 && tap == null) {
            return input.affine(weight.node(), bias == null ? null : bias.node(), act);
        }
        Var out;
        if (s.length == 2) {
            out = affine(input);
        } else {
            int[] outShape = s.clone();
            outShape[s.length - 1] = outFeatures;
            out = affine(input.reshape(-1, inFeatures)).reshape(outShape);
        }
        out = tap == null ? out : tap.linear(weight, bias, input, out);
        return switch (act) {
            case IDENTITY -> out;
            case RELU -> out.relu();
            case TANH -> out.tanh();
            case SIGMOID -> out.sigmoid();
        };
    }

    /**
     * The activation that {@link #forward(Var, FusedActivation)} can apply in place of {@code next}, when
     * {@code next} is a ReLU, Tanh or Sigmoid layer; null otherwise.
     */
    static FusedActivation fusable(Module next) {
        if (next instanceof ReLU) {
            return FusedActivation.RELU;
        }
        if (next instanceof Tanh) {
            return FusedActivation.TANH;
        }
        if (next instanceof Sigmoid) {
            return FusedActivation.SIGMOID;
        }
        return null;
    }

    private Var affine(Var x) {
        Var y = x.matmul(weight.node(), false, true);
        return bias == null ? y : y.add(bias.node());
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + pythonBool(bias != null);
    }
}
