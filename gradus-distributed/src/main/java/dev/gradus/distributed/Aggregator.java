package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.SpecFamily;
import dev.gradus.train.TrainStep;

/**
 * How the server combines the workers' messages into one update direction: the components of the
 * {@code aggregator} family ({@link #AGGREGATORS}), such as {@code mean}, {@code trimmed_mean(f=2)} or
 * {@code krum(f=2)}. Messages are points in {@code R^d} (the parameter tree flattened in name order, see
 * {@link Flat}), given in worker order; an aggregator is a deterministic function of them (and of its own state,
 * for centered clipping's previous aggregate), so the result never depends on which thread computed what.
 */
public interface Aggregator {

    /** The family of aggregators. */
    SpecFamily<Aggregator> AGGREGATORS = SpecFamily.of("aggregator", Aggregator.class);

    /** This aggregator's state for messages of {@code dimension} values; none by default. */
    default OptState init(int dimension) {
        return TrainStep.NoStepState.INSTANCE;
    }

    /**
     * Combines {@code messages} ({@code n} rows of {@code d} values, not to be modified) into {@code out}
     * ({@code d} values), advancing {@code state}.
     *
     * @throws IllegalArgumentException when there are too few messages for the rule's settings (naming both)
     */
    void aggregate(double[][] messages, OptState state, double[] out);
}
