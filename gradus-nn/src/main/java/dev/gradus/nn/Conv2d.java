package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import java.util.Arrays;

/**
 * A 2-D convolution over NCHW input (PyTorch's {@code Conv2d}, cross-correlation, no dilation or groups):
 * weight {@code [O, C, kh, kw]}, bias {@code [O]}, output {@code [N, O, Ho, Wo]} with
 * {@code Ho = (H + 2*padding - kh) / stride + 1}.
 *
 * <p>Computed by im2col: each image's windows are unfolded into a {@code [C*kh*kw, Ho*Wo]} matrix (see
 * {@link Im2Col}), and one batched matrix product with the weight viewed as {@code [O, C*kh*kw]} gives
 * the output directly in NCHW order. The unfolding is a differentiable gather (see {@link Im2ColOp}),
 * so higher-order gradients work.
 *
 * <p>Default initialisation is PyTorch's: weight and bias uniform on {@code [-1/sqrt(fan_in), 1/sqrt(fan_in))}
 * with {@code fan_in = C*kh*kw}, weight first.
 *
 * <p>Per-sample gradients ({@link PerSampleGradients}): batched, {@code dW_i = G_i C_i^T} with {@code C_i} the
 * unfolded columns of example {@code i}.
 */
public final class Conv2d extends Module {
    private final Im2ColOp unfold = new Im2ColOp();
    private final int inChannels;
    private final int outChannels;
    private final int kernelH;
    private final int kernelW;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    /** A square kernel with stride 1, no padding, a bias and PyTorch's default initialisation. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, RandomStream rng) {
        this(inChannels, outChannels, kernelSize, 1, 0, true, rng);
    }

    /** A square kernel with the given stride and padding and PyTorch's default initialisation. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, boolean bias,
                  RandomStream rng) {
        this(inChannels, outChannels, kernelSize, kernelSize, stride, padding, bias, Initializer.torchDefaultWeight(),
                Initializer.torchDefaultBias((long) inChannels * kernelSize * kernelSize), rng);
    }

    /** The general form: a {@code kernelH x kernelW} kernel with the given initialisers. */
    public Conv2d(int inChannels, int outChannels, int kernelH, int kernelW, int stride, int padding, boolean bias,
                  Initializer weightInit, Initializer biasInit, RandomStream rng) {
        if (inChannels <= 0 || outChannels <= 0 || kernelH <= 0 || kernelW <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("Conv2d: need positive channels, kernel and stride and padding >= 0; got in="
                    + inChannels + ", out=" + outChannels + ", kernel=" + kernelH + "x" + kernelW + ", stride=" + stride
                    + ", padding=" + padding);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.stride = stride;
        this.padding = padding;
        this.weight = addParameter("weight", weightInit.tensor(rng, outChannels, inChannels, kernelH, kernelW));
        if (bias) {
            this.bias = addParameter("bias", biasInit.tensor(rng, outChannels));
        } else {
            this.bias = null;
        }
    }

    /** The weight {@code [O, C, kh, kw]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias {@code [O]}, or null without one. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Var forward(Var input) {
        int[] s = input.shape();
        if (s.length != 4 || s[1] != inChannels) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + " -> " + outChannels + "): expected input [N, "
                    + inChannels + ", H, W], got " + Arrays.toString(s));
        }
        Im2Col g = new Im2Col(inChannels, s[2], s[3], kernelH, kernelW, stride, stride, padding, padding);
        Var cols = unfold.apply(input, g, 0.0);                               // [N, C*kh*kw, Ho*Wo]
        Var w = weight.node().reshape(outChannels, g.rows());                  // [O, C*kh*kw]
        Var out = w.matmul(cols);                                              // [N, O, Ho*Wo]
        if (bias != null) {
            out = out.add(bias.node().reshape(outChannels, 1));
        }
        PerSampleTap tap = perSampleTap();
        if (tap != null) {
            out = tap.convolution(weight, bias, cols, out);
        }
        return out.reshape(s[0], outChannels, g.outH(), g.outW());
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=(" + kernelH + ", " + kernelW + "), stride=(" + stride
                + ", " + stride + "), padding=(" + padding + ", " + padding + "), bias=" + pythonBool(bias != null);
    }
}
