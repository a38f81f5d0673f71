package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;
import dev.gradus.train.TrainStep;

/** {@code none}: the gradient is sent as it is, {@code 8d} bytes. */
public final class NoCompression extends Configured<NoCompression> implements Compressor {

    /** Spec: {@code none}. */
    public static final Descriptor<NoCompression> SPEC = Descriptor.component("none", "compressor", NoCompression::new)
            .summary("send the dense gradient").build();

    /** From validated settings. */
    public NoCompression(Hyperparams hp) {
        super(hp);
    }

    /** The compressor. */
    public static NoCompression of() {
        return (NoCompression) SPEC.defaults().create();
    }

    @Override
    public OptState init(TensorMap params) {
        return TrainStep.NoStepState.INSTANCE;
    }

    @Override
    public long compress(TensorMap grad, OptState state, long step, RandomStream random, TensorMap out) {
        Trees.copyInto(grad, out);
        return Compressor.denseBytes(grad);
    }
}
