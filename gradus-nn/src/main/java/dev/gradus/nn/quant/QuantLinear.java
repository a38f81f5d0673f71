package dev.gradus.nn.quant;

import dev.gradus.autodiff.Var;
import dev.gradus.nn.Linear;
import dev.gradus.nn.Module;
import dev.gradus.nn.Parameter;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;

/**
 * An affine layer {@code y = q_a(x) q_w(W)ᵀ + b} whose weight and input are fake-quantized with LSQ
 * ({@link FakeQuant#lsq}) at the current bit width, chosen from a fixed set by {@link #bits(int)}. One weight set is
 * shared by every width, and each width has its own learned steps {@code step_w<b>} (signed weights) and
 * {@code step_a<b>} (inputs, unsigned when the input is non-negative, as after a ReLU): this is the elastic
 * quantization supernet of EQ-Net (Xu et al., ICCV 2023, §3.1: "separate learnable scale per bit-width"), restricted to
 * per-layer symmetric quantization. A layer with one width is ordinary LSQ quantization-aware training.
 *
 * <p>Steps start at LSQ's {@code 2·mean|·|/√Q_P}: the weight steps from the initial weights, the input step of a width
 * from the first training batch it sees (then marked calibrated). Parameters: {@code weight [out, in]},
 * {@code bias [out]}, {@code step_w<b>} and {@code step_a<b>} (shape [1]) per width.
 */
public final class QuantLinear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final int[] widths;
    private final boolean unsignedInput;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter[] weightSteps;
    private final Parameter[] inputSteps;
    private final boolean[] calibrated;
    private int current;

    /**
     * {@code in -> out} with bit widths {@code widths} (each in [2, 16]; the first is current), PyTorch's default
     * Linear initialisation, and unsigned input quantization when {@code unsignedInput}.
     */
    public QuantLinear(int inFeatures, int outFeatures, int[] widths, boolean unsignedInput, RandomStream rng) {
        if (inFeatures <= 0 || outFeatures <= 0 || widths.length == 0) {
            throw new IllegalArgumentException("QuantLinear: need positive features and at least one bit width, got in="
                    + inFeatures + ", out=" + outFeatures + ", widths=" + Arrays.toString(widths));
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.widths = widths.clone();
        this.unsignedInput = unsignedInput;
        Linear init = new Linear(inFeatures, outFeatures, rng);     // PyTorch's initialisation, same draws
        this.weight = addParameter("weight", init.weight().value().copy());
        this.bias = addParameter("bias", init.bias().value().copy());
        this.weightSteps = new Parameter[widths.length];
        this.inputSteps = new Parameter[widths.length];
        this.calibrated = new boolean[widths.length];
        for (int k = 0; k < widths.length; k++) {
            QuantRange wr = QuantRange.signed(widths[k]);
            inputRange(widths[k]);
            for (int j = 0; j < k; j++) {
                if (widths[j] == widths[k]) {
                    throw new IllegalArgumentException("QuantLinear: bit width " + widths[k] + " is listed twice");
                }
            }
            weightSteps[k] = addParameter("step_w" + widths[k],
                    Tensor.vector(FakeQuant.initialStep(weight.value(), wr)));
            inputSteps[k] = addParameter("step_a" + widths[k], Tensor.vector(1.0));
        }
    }

    /** Selects the bit width used by {@link #forward}; it must be one of the layer's widths. */
    public QuantLinear bits(int b) {
        for (int k = 0; k < widths.length; k++) {
            if (widths[k] == b) {
                current = k;
                return this;
            }
        }
        throw new IllegalArgumentException("QuantLinear: bit width " + b + " is not one of " + Arrays.toString(widths));
    }

    /** The current bit width. */
    public int bits() {
        return widths[current];
    }

    /** The bit widths this layer supports. */
    public int[] widths() {
        return widths.clone();
    }

    /** The shared weight {@code [out, in]}. */
    public Parameter weight() {
        return weight;
    }

    /** The learned weight step of width {@code b}. */
    public Parameter weightStep(int b) {
        return weightSteps[indexOf(b)];
    }

    /** The learned input step of width {@code b}. */
    public Parameter inputStep(int b) {
        return inputSteps[indexOf(b)];
    }

    private int indexOf(int b) {
        for (int k = 0; k < widths.length; k++) {
            if (widths[k] == b) {
                return k;
            }
        }
        throw new IllegalArgumentException("QuantLinear: bit width " + b + " is not one of " + Arrays.toString(widths));
    }

    private QuantRange inputRange(int b) {
        return unsignedInput ? QuantRange.unsigned(b) : QuantRange.signed(b);
    }

    @Override
    public Var forward(Var input) {
        int[] s = input.shape();
        if (s.length != 2 || s[1] != inFeatures) {
            throw new IllegalArgumentException("QuantLinear(" + inFeatures + " -> " + outFeatures + "): input shape "
                    + Arrays.toString(s) + " is not [batch, " + inFeatures + "]");
        }
        int b = widths[current];
        QuantRange ar = inputRange(b);
        QuantRange wr = QuantRange.signed(b);
        if (!calibrated[current] && isTraining()) {
            inputSteps[current].value().data()[0] = FakeQuant.initialStep(input.value(), ar);
            calibrated[current] = true;
        }
        Var xq = FakeQuant.lsq(input, inputSteps[current].node(), ar, FakeQuant.gradScale(input.value().size(), ar));
        Var wq = FakeQuant.lsq(weight.node(), weightSteps[current].node(), wr,
                FakeQuant.gradScale(weight.size(), wr));
        return xq.matmul(wq, false, true).add(bias.node());
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", widths=" + Arrays.toString(widths);
    }
}
