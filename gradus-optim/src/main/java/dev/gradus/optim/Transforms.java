package dev.gradus.optim;

import dev.gradus.optim.combine.ApplyIfFinite;
import dev.gradus.optim.combine.Chain;
import dev.gradus.optim.combine.InjectHyperparams;
import dev.gradus.optim.combine.Lookahead;
import dev.gradus.optim.combine.Masked;
import dev.gradus.optim.combine.MultiSteps;
import dev.gradus.optim.combine.Partition;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.transform.AddDecayedWeights;
import dev.gradus.optim.transform.Clip;
import dev.gradus.optim.transform.ClipByGlobalNorm;
import dev.gradus.optim.transform.NormalizeByUpdateNorm;
import dev.gradus.optim.transform.Scale;
import dev.gradus.optim.transform.ScaleByAdam;
import dev.gradus.optim.transform.ScaleByBelief;
import dev.gradus.optim.transform.ScaleByLearningRate;
import dev.gradus.optim.transform.ScaleByRms;
import dev.gradus.optim.transform.ScaleByRss;
import dev.gradus.optim.transform.ScaleBySign;
import dev.gradus.optim.transform.ScaleByYogi;
import dev.gradus.optim.transform.Trace;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Factories for the building blocks and combinators, named as in optax (Java-cased). Each returns an
 * immutable {@link Configurable}; hyperparameters not taken as arguments keep their defaults and are set
 * with {@code with(name, value)} (a number or a {@link Schedule} for scalars).
 *
 * <pre>{@code
 * GradientTransformation opt = Transforms.chain(
 *         Transforms.clipByGlobalNorm(1.0),
 *         Transforms.scaleByAdam(),
 *         Transforms.masked(Transforms.addDecayedWeights(0.01), "*", "!*.bias"),
 *         Transforms.scaleByLearningRate(Schedules.warmupCosine(0, 1e-3, 100, 10_000)));
 * }</pre>
 */
public final class Transforms {
    private Transforms() {}

    @SuppressWarnings("unchecked")
    private static <T> T make(Descriptor<T> d, Object... nameValues) {
        var hp = d.defaults();
        for (int k = 0; k < nameValues.length; k += 2) {
            hp = hp.with((String) nameValues[k], nameValues[k + 1]);
        }
        return (T) hp.create();
    }

    // ---- combinators ----

    /** Applies {@code links} in sequence. */
    public static Chain chain(GradientTransformation... links) {
        return chain(List.of(links));
    }

    /** Applies {@code links} in sequence. */
    public static Chain chain(List<? extends GradientTransformation> links) {
        return make(Chain.SPEC, "transforms", List.copyOf(links));
    }

    /** Applies {@code inner} to the parameters selected by glob patterns ({@code "!"} excludes; last match wins). */
    public static Masked masked(GradientTransformation inner, String... globs) {
        return make(Masked.SPEC, "inner", inner, "mask", List.of(globs));
    }

    /** Applies {@code inner} to the parameters whose names satisfy {@code mask} (no spec form). */
    public static Masked masked(GradientTransformation inner, Predicate<String> mask) {
        return Masked.of(inner, mask);
    }

    /** Transform {@code i} for the parameters whose name first matches glob {@code rules[i]}. */
    public static Partition partition(List<? extends GradientTransformation> transforms, List<String> rules) {
        return make(Partition.SPEC, "transforms", List.copyOf(transforms), "rules", rules);
    }

    /** One transform per label, labels given by a function of the parameter name (no spec form). */
    public static Partition partition(Map<String, ? extends GradientTransformation> byLabel,
            Function<String, String> labelOf) {
        return Partition.of(byLabel, labelOf);
    }

    /** Records the hyperparameter values of every step in the state, under {@code hyperparams/<name>}. */
    public static InjectHyperparams injectHyperparams(Configurable<?> inner) {
        return make(InjectHyperparams.SPEC, "inner", inner);
    }

    /** Gradient accumulation: {@code inner} steps on the mean of every {@code everyK} gradients. */
    public static MultiSteps multiSteps(GradientTransformation inner, long everyK) {
        return make(MultiSteps.SPEC, "inner", inner, "every_k", everyK);
    }

    /** Skips and counts steps with non-finite gradients (at most 5 in a row). */
    public static ApplyIfFinite applyIfFinite(GradientTransformation inner) {
        return make(ApplyIfFinite.SPEC, "inner", inner);
    }

    /** Lookahead around {@code inner}: every {@code k} steps the slow weights move {@code alpha} of the way. */
    public static Lookahead lookahead(GradientTransformation inner, long k, double alpha) {
        return make(Lookahead.SPEC, "inner", inner, "k", k, "alpha", alpha);
    }

    // ---- building blocks ----

    /** Clips each element to {@code [-maxDelta, maxDelta]}. */
    public static Clip clip(double maxDelta) {
        return make(Clip.SPEC, "max_delta", maxDelta);
    }

    /** Rescales all updates so that their global L2 norm is at most {@code maxNorm}. */
    public static ClipByGlobalNorm clipByGlobalNorm(double maxNorm) {
        return make(ClipByGlobalNorm.SPEC, "max_norm", maxNorm);
    }

    /** {@code u <- u + weight_decay * p}: coupled L2 first in a chain, decoupled after the preconditioner. */
    public static AddDecayedWeights addDecayedWeights(double weightDecay) {
        return make(AddDecayedWeights.SPEC, "weight_decay", weightDecay);
    }

    /** {@code u <- u + weight_decay_t * p}. */
    public static AddDecayedWeights addDecayedWeights(Schedule weightDecay) {
        return make(AddDecayedWeights.SPEC, "weight_decay", weightDecay);
    }

    /** Momentum with torch's semantics ({@code dampening}, {@code nesterov} via {@code with}). */
    public static Trace trace(double decay) {
        return make(Trace.SPEC, "decay", decay);
    }

    /** Momentum with a scheduled coefficient. */
    public static Trace trace(Schedule decay) {
        return make(Trace.SPEC, "decay", decay);
    }

    /** Adam's preconditioner at {@code b1=0.9, b2=0.999, eps=1e-08}. */
    public static ScaleByAdam scaleByAdam() {
        return make(ScaleByAdam.SPEC);
    }

    /** AdaBelief's preconditioner at {@code b1=0.9, b2=0.999, eps=1e-16}. */
    public static ScaleByBelief scaleByBelief() {
        return make(ScaleByBelief.SPEC);
    }

    /** Yogi's preconditioner at {@code b1=0.9, b2=0.999, eps=0.001, initial_accumulator_value=1e-06}. */
    public static ScaleByYogi scaleByYogi() {
        return make(ScaleByYogi.SPEC);
    }

    /** RMSprop's preconditioner at {@code alpha=0.99, eps=1e-08}. */
    public static ScaleByRms scaleByRms() {
        return make(ScaleByRms.SPEC);
    }

    /** Adagrad's preconditioner at {@code initial_accumulator_value=0, eps=1e-10}. */
    public static ScaleByRss scaleByRss() {
        return make(ScaleByRss.SPEC);
    }

    /** {@code u <- sign(u)}. */
    public static ScaleBySign scaleBySign() {
        return make(ScaleBySign.SPEC);
    }

    /** {@code u <- u / (||u|| + 1e-6)}. */
    public static NormalizeByUpdateNorm normalizeByUpdateNorm() {
        return make(NormalizeByUpdateNorm.SPEC);
    }

    /** {@code u <- -lr * u}. */
    public static ScaleByLearningRate scaleByLearningRate(double lr) {
        return make(ScaleByLearningRate.SPEC, "lr", lr);
    }

    /** {@code u <- -lr_t * u}. */
    public static ScaleByLearningRate scaleByLearningRate(Schedule lr) {
        return make(ScaleByLearningRate.SPEC, "lr", lr);
    }

    /** {@code u <- stepSize * u}. */
    public static Scale scale(double stepSize) {
        return make(Scale.SPEC, "step_size", stepSize);
    }
}
