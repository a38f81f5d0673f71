package dev.gradus.optim;

import dev.gradus.optim.optimizer.Adam;
import dev.gradus.optim.optimizer.AdamW;

/**
 * Factories for the optimizers, each at the reference implementation's defaults; hyperparameters are
 * set fluently and every call returns a new immutable optimizer:
 *
 * <pre>{@code
 * Adam opt = Optimizers.adam().lr(1e-3).betas(0.9, 0.999);
 * AdamW w = Optimizers.adamw().lr(Schedules.cosine(1e-3, 10_000)).weightDecay(0.05);
 * }</pre>
 *
 * The same optimizers are reachable by name through specs ({@code Specs.transformation("adam(lr=1e-3)")}).
 */
public final class Optimizers {
    private Optimizers() {}

    /** Adam, as {@code torch.optim.Adam}. */
    public static Adam adam() {
        return (Adam) Adam.SPEC.defaults().create();
    }

    /** AdamW, as {@code torch.optim.AdamW}. */
    public static AdamW adamw() {
        return (AdamW) AdamW.SPEC.defaults().create();
    }
}
