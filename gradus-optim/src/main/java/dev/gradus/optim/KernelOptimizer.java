package dev.gradus.optim;

import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.tensor.TensorMap;

/**
 * An optimizer written as one kernel per step that either adds its update to the parameters or writes
 * the update into the gradient map. {@link #step} runs it on the parameters and then marks each of them
 * modified ({@code Tensor.markModified}), so a graph recorded before the step is refused instead of giving
 * a gradient at a point that no longer exists; {@link #update} runs it writing the updates (for use inside
 * a chain). Writing the kernel once and the two entry points here is what keeps every in-place optimizer
 * from forgetting the mark.
 *
 * <p>{@link FusedOptimizer} adds a composed reference that a contract test proves equal to the kernel.
 *
 * @param <S> the concrete type, so that fluent setters return it
 */
public abstract class KernelOptimizer<S extends KernelOptimizer<S>> extends Configurable<S> {

    /** An optimizer with validated hyperparameters. */
    protected KernelOptimizer(Hyperparams hp) {
        super(hp);
    }

    /**
     * One step over every parameter. When {@code apply} is true, adds the update to {@code params} and
     * leaves {@code grads} unspecified; otherwise writes the update into {@code grads} and leaves
     * {@code params} unchanged. Advances {@code state} either way. {@code ctx} is the step's context.
     */
    protected abstract void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply);

    @Override
    public final void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        kernel(params, updates, state, ctx, false);
    }

    @Override
    public final void step(TensorMap params, TensorMap grads, OptState state, StepContext ctx) {
        kernel(params, grads, state, ctx, true);
        params.forEach((name, p) -> p.markModified()); // graphs that read the old values are out of date
    }
}
