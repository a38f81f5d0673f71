package dev.gradus.optim;

import dev.gradus.optim.combine.Chain;
import dev.gradus.optim.transform.AddDecayedWeights;
import dev.gradus.optim.transform.Scale;
import dev.gradus.optim.transform.ScaleByAdam;
import dev.gradus.optim.transform.ScaleByLearningRate;
import dev.gradus.optim.transform.Trace;
import java.util.List;

/**
 * Factories for the building blocks and combinators, named as in optax (Java-cased). Each returns an
 * immutable {@link Configurable} whose other hyperparameters are set with {@code with(name, value)}.
 *
 * <pre>{@code
 * GradientTransformation opt = Transforms.chain(
 *         Transforms.clipByGlobalNorm(1.0),
 *         Transforms.scaleByAdam(),
 *         Transforms.addDecayedWeights(0.01),
 *         Transforms.scaleByLearningRate(Schedules.warmupCosine(0, 1e-3, 100, 10_000)));
 * }</pre>
 */
public final class Transforms {
    private Transforms() {}

    /** Applies {@code links} in sequence. */
    public static Chain chain(GradientTransformation... links) {
        return chain(List.of(links));
    }

    /** Applies {@code links} in sequence. */
    public static Chain chain(List<? extends GradientTransformation> links) {
        return (Chain) Chain.SPEC.defaults().with("transforms", List.copyOf(links)).create();
    }

    /** {@code u <- -lr * u}. */
    public static ScaleByLearningRate scaleByLearningRate(double lr) {
        return scaleByLearningRate(Schedule.constant(lr));
    }

    /** {@code u <- -lr_t * u}. */
    public static ScaleByLearningRate scaleByLearningRate(Schedule lr) {
        return (ScaleByLearningRate) ScaleByLearningRate.SPEC.defaults().with("lr", lr).create();
    }

    /** {@code u <- step_size * u}. */
    public static Scale scale(double stepSize) {
        return (Scale) Scale.SPEC.defaults().with("step_size", stepSize).create();
    }

    /** {@code u <- u + weight_decay * p}: coupled L2 first in a chain, decoupled after the preconditioner. */
    public static AddDecayedWeights addDecayedWeights(double weightDecay) {
        return addDecayedWeights(Schedule.constant(weightDecay));
    }

    /** {@code u <- u + weight_decay_t * p}. */
    public static AddDecayedWeights addDecayedWeights(Schedule weightDecay) {
        return (AddDecayedWeights) AddDecayedWeights.SPEC.defaults().with("weight_decay", weightDecay).create();
    }

    /** Momentum with torch's semantics ({@code dampening} and {@code nesterov} via {@code with}). */
    public static Trace trace(double decay) {
        return (Trace) Trace.SPEC.defaults().with("decay", decay).create();
    }

    /** Adam's preconditioner with the default {@code b1=0.9, b2=0.999, eps=1e-08}. */
    public static ScaleByAdam scaleByAdam() {
        return (ScaleByAdam) ScaleByAdam.SPEC.defaults().create();
    }
}
