package dev.gradus.train;

import dev.gradus.nn.Activation;
import dev.gradus.nn.Conv2d;
import dev.gradus.nn.Dropout;
import dev.gradus.nn.Flatten;
import dev.gradus.nn.Linear;
import dev.gradus.nn.MaxPool2d;
import dev.gradus.nn.Module;
import dev.gradus.nn.Sequential;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code cnn(channels=(16, 32), kernel_size=3, hidden=(128,), activation=relu, dropout=0.0)}: for image samples
 * {@code [C, H, W]}, one block per channel count ({@link Conv2d} with same padding, the activation,
 * {@code MaxPool2d(2)}), then {@link Flatten}, hidden {@link Linear} layers with the activation and dropout, and a
 * linear output layer. A flat sample of a square number of features is taken as one channel.
 */
public final class CnnModel extends Configured<CnnModel> implements ModelFactory {

    /** Spec: {@code cnn(channels=(16, 32), kernel_size=3, hidden=(128,), activation=relu, dropout=0.0)}. */
    public static final Descriptor<CnnModel> SPEC = Descriptor.component("cnn", "model", CnnModel::new)
            .summary("a small convolutional network: (Conv2d -> activation -> MaxPool2d) blocks, then an MLP")
            .reference("LeNet-style; torch.nn.Conv2d, MaxPool2d")
            .param(Param.tuple("channels", ParamType.INTS, List.of(16L, 32L), "output channels of each block")
                    .range(MlpModel.WIDTH))
            .param(Param.integer("kernel_size", 3L, "square kernel side").range(MlpModel.WIDTH))
            .param(Param.tuple("hidden", ParamType.INTS, List.of(128L), "hidden layer widths").range(MlpModel.WIDTH))
            .param(Param.choice("activation", "relu", MlpModel.ACTIVATIONS, "the activation"))
            .param(Param.number("dropout", 0.0, "dropout probability after each hidden activation")
                    .range(Range.closedOpen(0, 1)))
            .build();

    /** From validated settings; use {@code ModelSpec.parse("cnn(...)")}. */
    public CnnModel(Hyperparams hp) {
        super(hp);
        if (hp.integers("channels").length == 0) {
            throw new IllegalArgumentException("cnn: channels needs at least one channel count");
        }
    }

    @Override
    public int[] inputShape(int[] sampleShape) {
        if (sampleShape.length == 3) {
            return sampleShape.clone();
        }
        int d = ModelFactory.features(sampleShape);
        int side = (int) Math.round(Math.sqrt(d));
        if (sampleShape.length == 1 && side * side == d) {
            return new int[] {1, side, side};
        }
        throw new IllegalArgumentException("model " + this + ": a cnn needs image samples [C, H, W], but the samples"
                + " have shape " + Arrays.toString(sampleShape));
    }

    @Override
    public Module build(int[] sampleShape, int outputs, RandomStream rng) {
        int[] in = inputShape(sampleShape);
        Activation act = Activation.of(hp.string("activation"));
        int k = Math.toIntExact(hp.integer("kernel_size"));
        double p = hp.number("dropout");
        int[] channels = MlpModel.ints(hp, "channels");
        RandomStream dropoutRoot = rng.fork("dropout");
        List<Module> layers = new ArrayList<>();
        int c = in[0];
        int h = in[1];
        int w = in[2];
        for (int out : channels) {
            layers.add(new Conv2d(c, out, k, 1, k / 2, true, rng));
            layers.add(act.create());
            if (h < 2 || w < 2) {
                throw new IllegalArgumentException("model " + this + ": a " + in[1] + "x" + in[2] + " image is too small"
                        + " for " + channels.length + " pooling steps");
            }
            layers.add(new MaxPool2d(2));
            c = out;
            h = (h + 2 * (k / 2) - k + 1) / 2;
            w = (w + 2 * (k / 2) - k + 1) / 2;
        }
        layers.add(new Flatten());
        int width = c * h * w;
        int i = 0;
        for (int hid : MlpModel.ints(hp, "hidden")) {
            layers.add(new Linear(width, hid, rng));
            layers.add(act.create());
            if (p > 0) {
                layers.add(new Dropout(p, dropoutRoot.fork(Integer.toString(i))));
            }
            width = hid;
            i++;
        }
        layers.add(new Linear(width, outputs, rng));
        return new Sequential(layers);
    }

    /**
     * As {@link #build} lays the layers out: per block a k x k convolution with bias, whose output (before and
     * after the activation) and pooled output are units; then the hidden and output linear layers.
     */
    @Override
    public long[] size(int[] sampleShape, int outputs) {
        int[] in = inputShape(sampleShape);
        long k = hp.integer("kernel_size");
        long c = in[0];
        long h = in[1];
        long w = in[2];
        long params = 0;
        long units = c * h * w;
        for (long out : hp.integers("channels")) {
            params += out * c * k * k + out;
            long ch = h + 2 * (k / 2) - k + 1;
            long cw = w + 2 * (k / 2) - k + 1;
            units += 2 * out * ch * cw;
            c = out;
            h = ch / 2;
            w = cw / 2;
            units += c * h * w;
        }
        long width = c * h * w;
        for (long hid : hp.integers("hidden")) {
            params += (width + 1) * hid;
            units += 2 * hid;
            width = hid;
        }
        return new long[] {params + (width + 1) * outputs, units + outputs};
    }
}
