package dev.gradus.train;

import dev.gradus.nn.Linear;
import dev.gradus.nn.Module;
import dev.gradus.nn.Sequential;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.tensor.RandomStream;

/**
 * {@code logistic(bias=true)}: one {@link Linear} layer from the flat features to one logit per class, which
 * under cross-entropy is multinomial logistic regression.
 */
public final class LogisticModel extends Configured<LogisticModel> implements ModelFactory {

    /** Spec: {@code logistic(bias=true)}. */
    public static final Descriptor<LogisticModel> SPEC = Descriptor.component("logistic", "model", LogisticModel::new)
            .summary("one linear layer: multinomial logistic regression under cross-entropy")
            .reference("torch.nn.Linear")
            .param(Param.flag("bias", true, "learn a bias per class"))
            .build();

    /** From validated settings; use {@code ModelSpec.parse("logistic")}. */
    public LogisticModel(Hyperparams hp) {
        super(hp);
    }

    @Override
    public int[] inputShape(int[] sampleShape) {
        return new int[] {ModelFactory.features(sampleShape)};
    }

    @Override
    public long[] size(int[] sampleShape, int outputs) {
        long in = ModelFactory.features(sampleShape);
        return new long[] {(in + (hp.flag("bias") ? 1 : 0)) * outputs, in + outputs};
    }

    @Override
    public Module build(int[] sampleShape, int outputs, RandomStream rng) {
        return new Sequential(new Linear(ModelFactory.features(sampleShape), outputs, hp.flag("bias"), rng));
    }
}
