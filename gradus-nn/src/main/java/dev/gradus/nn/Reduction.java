package dev.gradus.nn;

import dev.gradus.autodiff.Var;

/** How a loss combines its per-element values (PyTorch's {@code reduction}). */
public enum Reduction {
    /** The mean (the default). */
    MEAN,
    /** The sum. */
    SUM,
    /** No reduction: the per-element (or per-sample) losses. */
    NONE;

    /** Applies this reduction to {@code losses}. */
    public Var apply(Var losses) {
        return switch (this) {
            case MEAN -> losses.mean();
            case SUM -> losses.sum();
            case NONE -> losses;
        };
    }
}
