package dev.gradus.optim;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a step offers a {@link GradientTransformation} beyond the gradient: optax's "extra arguments".
 *
 * <p>Where its caller can give them, a context serves
 * <ul>
 *   <li>the objective: the loss only ({@link #lossAt}, {@link Capability#LOSS}), or the loss and its gradient
 *       ({@link #gradientAt}, {@link Capability#GRADIENT}), at any point, not only at the current parameters;</li>
 *   <li>Hessian-vector products at any point ({@link #hvp}, {@link Capability#HVP});</li>
 *   <li>per-example gradients or their norms at the current point ({@link #perSample},
 *       {@link Capability#PER_SAMPLE});</li>
 *   <li>the step's own random stream ({@link #random}, {@link Capability#RANDOM}): a pure function of the run's
 *       seed, the step and the transformation's place in the tree, so a resumed run draws the same numbers;</li>
 *   <li>always: the loss at the current parameters when the caller knows it ({@link #loss}, else NaN) and the
 *       worker's id and count ({@link #worker}, {@link #workers}; 0 of 1 outside data-parallel training).</li>
 * </ul>
 *
 * <p>Every wrapper passes the context on to what it wraps: {@link #child} for a nested transformation (which
 * scopes the random stream to that child), {@link #restrict} for a wrapper that hands its inner transformation
 * only some parameters ({@code masked}, {@code partition}): the inner one then sees an objective of those
 * parameters alone, the others held at their current values.
 *
 * <p>Asking for a capability the context does not offer throws {@link MissingCapabilityException}. Callers
 * prevent that up front: {@link Requirement#check} refuses, before the first step, a transformation whose
 * {@link GradientTransformation#requirements()} the caller cannot meet.
 *
 * <pre>{@code
 * // a full-batch problem: SAM, L-BFGS and friends get the objective at any point
 * StepContext ctx = StepContext.of(objective);
 * Requirement.check(opt, ctx.capabilities(), "my loop");
 * opt.step(params, grads, state, ctx);
 *
 * // a training step: everything the engine can compute for this batch
 * StepContext ctx = StepContext.builder().loss(batchLoss).objective(batchObjective)
 *         .perSample(() -> perExample).random(RandomStream.of(seed).fork("step " + step)).build();
 * }</pre>
 */
public interface StepContext {

    /** A context that offers nothing beyond the gradient: worker 0 of 1, unknown loss. */
    static StepContext none() {
        return SimpleStepContext.NONE;
    }

    /** A context with the loss and gradient at any point from {@code objective} (capabilities LOSS and GRADIENT). */
    static StepContext of(Objective objective) {
        return builder().objective(objective).build();
    }

    /** Starts a context. */
    static Builder builder() {
        return new Builder();
    }

    /** What this context offers. */
    Set<Capability> capabilities();

    /** True when this context offers {@code capability}. */
    default boolean has(Capability capability) {
        return capabilities().contains(capability);
    }

    /** The loss at the current parameters, or NaN when the caller did not give it. */
    double loss();

    /** The loss at {@code at}. Needs {@link Capability#LOSS}. */
    double lossAt(TensorMap at);

    /** The loss at {@code at}, with its gradient written into {@code grad}. Needs {@link Capability#GRADIENT}. */
    double gradientAt(TensorMap at, TensorMap grad);

    /** Writes {@code ∇²L(at) · v} into {@code out}. Needs {@link Capability#HVP}. */
    void hvp(TensorMap at, TensorMap v, TensorMap out);

    /** The batch's per-example gradients at the current parameters. Needs {@link Capability#PER_SAMPLE}. */
    PerSample perSample();

    /**
     * This transformation's random stream for this step; the same object on every call to this context. Needs
     * {@link Capability#RANDOM}.
     */
    RandomStream random();

    /** The id of the worker running this step, from 0. */
    int worker();

    /** The number of workers (1 outside data-parallel training). */
    int workers();

    /** The context for a nested transformation at state path segment {@code segment} (its own random stream). */
    StepContext child(String segment);

    /**
     * The context for an inner transformation that sees only the parameters of {@code full} whose names pass
     * {@code selected}: its objective, HVPs and per-example gradients are functions of those parameters alone,
     * with the others held at their values in {@code full}.
     */
    StepContext restrict(Predicate<String> selected, TensorMap full);

    /** Builds a {@link StepContext}; every part is optional. */
    final class Builder {
        double loss = Double.NaN;
        LossFunction lossFunction;
        Objective objective;
        HessianVectorProduct hvp;
        Supplier<PerSample> perSample;
        RandomStream random;
        int worker;
        int workers = 1;

        Builder() {}

        /** The loss at the current parameters. */
        public Builder loss(double value) {
            this.loss = value;
            return this;
        }

        /** The loss at any point (LOSS). */
        public Builder lossFunction(LossFunction f) {
            this.lossFunction = f;
            return this;
        }

        /** The loss and gradient at any point (GRADIENT, and LOSS unless a loss function is given). */
        public Builder objective(Objective f) {
            this.objective = f;
            return this;
        }

        /** Hessian-vector products at any point (HVP). */
        public Builder hvp(HessianVectorProduct f) {
            this.hvp = f;
            return this;
        }

        /** Per-example gradients, computed on first use and then kept for the step (PER_SAMPLE). */
        public Builder perSample(Supplier<PerSample> f) {
            this.perSample = f;
            return this;
        }

        /** The step's root random stream (RANDOM); each transformation gets a stream forked from it by its path. */
        public Builder random(RandomStream root) {
            this.random = root;
            return this;
        }

        /** The worker's id and the number of workers. */
        public Builder worker(int id, int count) {
            if (count < 1 || id < 0 || id >= count) {
                throw new IllegalArgumentException("StepContext: worker " + id + " of " + count + " is not valid");
            }
            this.worker = id;
            this.workers = count;
            return this;
        }

        /** The context. */
        public StepContext build() {
            EnumSet<Capability> caps = EnumSet.noneOf(Capability.class);
            if (lossFunction != null || objective != null) {
                caps.add(Capability.LOSS);
            }
            if (objective != null) {
                caps.add(Capability.GRADIENT);
            }
            if (hvp != null) {
                caps.add(Capability.HVP);
            }
            if (perSample != null) {
                caps.add(Capability.PER_SAMPLE);
            }
            if (random != null) {
                caps.add(Capability.RANDOM);
            }
            return new SimpleStepContext(this, caps);
        }
    }
}
