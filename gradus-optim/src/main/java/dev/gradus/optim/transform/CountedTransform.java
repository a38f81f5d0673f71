package dev.gradus.optim.transform;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.tensor.TensorMap;

/**
 * A building block whose only state is the step count that its schedules read ({@link CountState}):
 * {@code scale}, {@code scale_by_learning_rate}, {@code add_decayed_weights}, {@code clip},
 * {@code clip_by_global_norm}, {@code normalize_by_update_norm}, {@code scale_by_sign}. It writes only
 * {@link #transform}, the update at step {@code t}; the state, its counting and the cast are here, once.
 *
 * @param <S> the concrete type
 */
public abstract class CountedTransform<S extends CountedTransform<S>> extends Configurable<S> {

    /** A transform with validated hyperparameters. */
    protected CountedTransform(Hyperparams hp) {
        super(hp);
    }

    /** Transforms {@code updates} in place at step {@code t} (the count before this update). */
    protected abstract void transform(TensorMap updates, TensorMap params, long t);

    @Override
    public final CountState init(TensorMap params) {
        return new CountState();
    }

    @Override
    public final void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        CountState s = (CountState) state;
        transform(updates, params, s.count().get());
        s.count().increment();
    }
}
