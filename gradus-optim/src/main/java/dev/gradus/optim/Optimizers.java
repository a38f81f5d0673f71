package dev.gradus.optim;

import dev.gradus.optim.optimizer.Adagrad;
import dev.gradus.optim.optimizer.Adam;
import dev.gradus.optim.optimizer.AdamW;
import dev.gradus.optim.optimizer.RmsProp;
import dev.gradus.optim.optimizer.Sgd;

/**
 * Factories for the optimizers, each at the reference implementation's defaults; hyperparameters are
 * set fluently and every call returns a new immutable optimizer:
 *
 * <pre>{@code
 * Adam opt = Optimizers.adam().lr(1e-3).betas(0.9, 0.999);
 * AdamW w = Optimizers.adamw().lr(Schedules.cosine(1e-3, 10_000)).weightDecay(0.05);
 * Sgd s = Optimizers.sgd().lr(0.1).momentum(0.9).nesterov(true);
 * }</pre>
 *
 * The same optimizers are reachable by name through specs ({@code Specs.transformation("adam(lr=1e-3)")}).
 */
public final class Optimizers {
    private Optimizers() {}

    /** SGD, as {@code torch.optim.SGD}. */
    public static Sgd sgd() {
        return (Sgd) Sgd.SPEC.defaults().create();
    }

    /** Adam, as {@code torch.optim.Adam}. */
    public static Adam adam() {
        return (Adam) Adam.SPEC.defaults().create();
    }

    /** AdamW, as {@code torch.optim.AdamW}. */
    public static AdamW adamw() {
        return (AdamW) AdamW.SPEC.defaults().create();
    }

    /** RMSprop, as {@code torch.optim.RMSprop}. */
    public static RmsProp rmsprop() {
        return (RmsProp) RmsProp.SPEC.defaults().create();
    }

    /** Adagrad, as {@code torch.optim.Adagrad}. */
    public static Adagrad adagrad() {
        return (Adagrad) Adagrad.SPEC.defaults().create();
    }
}
