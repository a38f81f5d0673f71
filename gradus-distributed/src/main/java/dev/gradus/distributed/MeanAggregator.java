package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;

/** {@code mean}: the average of the messages, summed in worker order (what all-reduce computes; not robust). */
public final class MeanAggregator extends Configured<MeanAggregator> implements Aggregator {

    /** Spec: {@code mean}. */
    public static final Descriptor<MeanAggregator> SPEC = Descriptor.component("mean", "aggregator",
            MeanAggregator::new).summary("the average of the messages (all-reduce)").build();

    /** From validated settings. */
    public MeanAggregator(Hyperparams hp) {
        super(hp);
    }

    /** The aggregator. */
    public static MeanAggregator of() {
        return (MeanAggregator) SPEC.defaults().create();
    }

    @Override
    public void aggregate(double[][] messages, OptState state, double[] out) {
        Vectors.requireRows("mean", messages);
        Vectors.mean(messages, out);
    }
}
