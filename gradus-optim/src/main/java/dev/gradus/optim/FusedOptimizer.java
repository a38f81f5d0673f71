package dev.gradus.optim;

import dev.gradus.optim.spec.Hyperparams;

/**
 * A built-in optimizer with two implementations that a contract test proves equal: a fused kernel (one
 * pass over each parameter array reading and writing parameter, gradient and state together, no
 * allocation per step) and a {@link #reference()} chain of building blocks that follows the equations
 * term by term.
 *
 * <p>The two are equal <em>bit for bit</em>, not merely within a tolerance: the kernel performs the same
 * IEEE-754 operations, in the same order, as the chain (bias corrections as the same reciprocals, the
 * learning rate applied as {@code (-lr) * u}, weight decay added where the chain adds it), and Java never
 * contracts {@code a * b + c} into a fused multiply-add on its own. Against the reference implementation
 * (PyTorch) the results agree to a few ulps, which the golden trajectories check at 1e-10.
 *
 * <p>Subclasses write one {@link #kernel} ({@link KernelOptimizer}); {@code step} runs it writing the
 * parameters directly, and {@code update} runs it writing the updates into the gradient map.
 *
 * @param <S> the concrete type, so that fluent setters return it
 */
public abstract class FusedOptimizer<S extends FusedOptimizer<S>> extends KernelOptimizer<S> {

    /** An optimizer with validated hyperparameters. */
    protected FusedOptimizer(Hyperparams hp) {
        super(hp);
    }

    /**
     * The same optimizer composed of building blocks, e.g. for Adam
     * {@code chain(add_decayed_weights, scale_by_adam, scale_by_learning_rate)}, with the same
     * hyperparameters (schedules included). Its state differs in layout, not in values.
     */
    public abstract GradientTransformation reference();
}
