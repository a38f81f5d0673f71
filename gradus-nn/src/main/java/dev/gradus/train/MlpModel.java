package dev.gradus.train;

import dev.gradus.nn.Activation;
import dev.gradus.nn.Mlp;
import dev.gradus.nn.Module;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import java.util.List;

/**
 * {@code mlp(hidden=(128, 128), activation=relu, batch_norm=false, layer_norm=false, dropout=0.0)}: an
 * {@link Mlp} over the flat features, each hidden layer {@code Linear -> [norm] -> activation -> [Dropout]}.
 */
public final class MlpModel extends Configured<MlpModel> implements ModelFactory {

    /** The activations a spec may name. */
    static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "gelu", "softplus");

    /** The widest layer a spec may ask for. */
    static final Range WIDTH = Range.closed(1, 1 << 16);

    /** Spec: {@code mlp(hidden=(128, 128), activation=relu, batch_norm=false, layer_norm=false, dropout=0.0)}. */
    public static final Descriptor<MlpModel> SPEC = Descriptor.component("mlp", "model", MlpModel::new)
            .summary("a multilayer perceptron: Linear -> [norm] -> activation -> [dropout] per hidden layer")
            .reference("torch.nn.Sequential of Linear layers")
            .param(Param.tuple("hidden", ParamType.INTS, List.of(128L, 128L), "hidden layer widths").range(WIDTH))
            .param(Param.choice("activation", "relu", ACTIVATIONS, "the activation"))
            .param(Param.flag("batch_norm", false, "BatchNorm1d after each hidden Linear"))
            .param(Param.flag("layer_norm", false, "LayerNorm after each hidden Linear"))
            .param(Param.number("dropout", 0.0, "dropout probability after each activation")
                    .range(Range.closedOpen(0, 1)))
            .build();

    /** From validated settings; use {@code ModelSpec.parse("mlp(...)")}. */
    public MlpModel(Hyperparams hp) {
        super(hp);
        if (hp.flag("batch_norm") && hp.flag("layer_norm")) {
            throw new IllegalArgumentException("mlp: batch_norm and layer_norm cannot both be true");
        }
    }

    @Override
    public int[] inputShape(int[] sampleShape) {
        return new int[] {ModelFactory.features(sampleShape)};
    }

    @Override
    public Module build(int[] sampleShape, int outputs, RandomStream rng) {
        return Mlp.builder(ModelFactory.features(sampleShape)).hidden(ints(hp, "hidden")).outputs(outputs)
                .activation(Activation.of(hp.string("activation")))
                .norm(hp.flag("batch_norm") ? Mlp.Norm.BATCH : hp.flag("layer_norm") ? Mlp.Norm.LAYER : Mlp.Norm.NONE)
                .dropout(hp.number("dropout")).build(rng);
    }

    @Override
    public long[] size(int[] sampleShape, int outputs) {
        long in = ModelFactory.features(sampleShape);
        long params = 0;
        long units = in;
        for (int h : ints(hp, "hidden")) {
            // weight and bias; a norm adds a scale and a shift per unit
            params += (in + 1) * h + (hp.flag("batch_norm") || hp.flag("layer_norm") ? 2L * h : 0);
            units += h;
            in = h;
        }
        return new long[] {params + (in + 1) * outputs, units + outputs};
    }

    /** An integer tuple setting as an {@code int[]}. */
    static int[] ints(Hyperparams hp, String name) {
        long[] l = hp.integers(name);
        int[] out = new int[l.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.toIntExact(l[i]);
        }
        return out;
    }
}
