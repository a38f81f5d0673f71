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

    /**
     * Each example's loss from per-element losses {@code [N, ...]}: the mean of its elements under {@code MEAN},
     * their sum otherwise, which is what this reduction gives for a batch of that one example (see
     * {@link Loss#perExample}). The result is {@code [N]}.
     */
    public Var perExample(Var losses) {
        Var rows = losses.reshape(losses.dim(0), -1);
        return this == MEAN ? rows.mean(1, false) : rows.sum(1, false);
    }
}
