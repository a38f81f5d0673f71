package dev.gradus.cli;

import dev.gradus.nn.Linear;
import dev.gradus.nn.Module;
import dev.gradus.nn.Sequential;
import dev.gradus.nn.Tanh;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.DescriptorProvider;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import dev.gradus.train.ModelFactory;
import java.util.List;

/**
 * A provider that exists only on the CLI's test class path, as a new module's would: its model shows in
 * {@code gradus optim list} and trains with {@code gradus train --model}.
 */
public final class TestOnlyModels implements DescriptorProvider {

    /** {@code test_only_tanh_net(width=4)}: one tanh hidden layer. */
    public static final class TanhNet extends Configured<TanhNet> implements ModelFactory {
        /** Its descriptor. */
        public static final Descriptor<TanhNet> SPEC = Descriptor.component("test_only_tanh_net", "model", TanhNet::new)
                .summary("one tanh hidden layer (registered by a test-only provider)")
                .reference("none")
                .param(Param.integer("width", 4L, "hidden width").range(Range.atLeast(1)))
                .build();

        TanhNet(Hyperparams hp) {
            super(hp);
        }

        @Override
        public int[] inputShape(int[] sampleShape) {
            return new int[] {ModelFactory.features(sampleShape)};
        }

        @Override
        public Module build(int[] sampleShape, int outputs, RandomStream rng) {
            int w = Math.toIntExact(hp.integer("width"));
            return new Sequential(new Linear(ModelFactory.features(sampleShape), w, rng), new Tanh(),
                    new Linear(w, outputs, rng));
        }
    }

    @Override
    public List<Descriptor<?>> descriptors() {
        return List.of(TanhNet.SPEC);
    }
}
