package dev.gradus.optim;

import dev.gradus.optim.optimizer.AdaBelief;
import dev.gradus.optim.optimizer.Adagrad;
import dev.gradus.optim.optimizer.Adam;
import dev.gradus.optim.optimizer.AdamP;
import dev.gradus.optim.optimizer.AdamW;
import dev.gradus.optim.optimizer.DiffGrad;
import dev.gradus.optim.optimizer.Frugal;
import dev.gradus.optim.optimizer.Galore;
import dev.gradus.optim.optimizer.Lbfgs;
import dev.gradus.optim.optimizer.NonlinearCg;
import dev.gradus.optim.optimizer.NormalizedGd;
import dev.gradus.optim.optimizer.RAdam;
import dev.gradus.optim.optimizer.RmsProp;
import dev.gradus.optim.optimizer.Sam;
import dev.gradus.optim.optimizer.Sgd;
import dev.gradus.optim.optimizer.SgdP;
import dev.gradus.optim.optimizer.SignSgd;
import dev.gradus.optim.optimizer.Yogi;

/**
 * Factories for every optimizer: the torch.optim classics, the seed papers' optimizers (AdamP/SGDP,
 * AdaBelief, diffGrad, RAdam, Yogi, signSGD, Normalized LR+GD, FRUGAL, GaLore, SAM) and the full-batch L-BFGS and nonlinear CG,
 * each at the reference implementation's defaults; hyperparameters are
 * set fluently and every call returns a new immutable optimizer:
 *
 * <pre>{@code
 * Adam opt = Optimizers.adam().lr(1e-3).betas(0.9, 0.999);
 * AdamW w = Optimizers.adamw().lr(Schedules.cosine(1e-3, 10_000)).weightDecay(0.05);
 * Sgd s = Optimizers.sgd().lr(0.1).momentum(0.9).nesterov(true);
 * AdamP p = Optimizers.adamp().lr(1e-3).weightDecay(1e-2);
 * Sam sam = Optimizers.sam(Optimizers.adamw().lr(1e-3)).rho(0.05);
 * Lbfgs lbfgs = Optimizers.lbfgs().historySize(10);
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

    /** AdamP, as {@code clovaai/AdamP adamp.py}. */
    public static AdamP adamp() {
        return (AdamP) AdamP.SPEC.defaults().create();
    }

    /** SGDP, as {@code clovaai/AdamP sgdp.py}; {@code lr} is required there. */
    public static SgdP sgdp(double lr) {
        return (SgdP) SgdP.SPEC.defaults().with("lr", lr).create();
    }

    /** AdaBelief with the defaults of adabelief-pytorch 0.2.x (eps 1e-16, decoupled decay, rectified). */
    public static AdaBelief adabelief() {
        return (AdaBelief) AdaBelief.SPEC.defaults().create();
    }

    /** diffGrad v2, as {@code shivram1987/diffGrad diffGrad_v2.py}. */
    public static DiffGrad diffgrad() {
        return (DiffGrad) DiffGrad.SPEC.defaults().create();
    }

    /** RAdam, as {@code torch.optim.RAdam} (coupled L2 unless {@code decoupled_weight_decay}). */
    public static RAdam radam() {
        return (RAdam) RAdam.SPEC.defaults().create();
    }

    /** Yogi, as optax's {@code yogi} (lr 1e-2, eps 1e-3, moments starting at 1e-6). */
    public static Yogi yogi() {
        return (Yogi) Yogi.SPEC.defaults().create();
    }

    /** signSGD (Signum with {@code momentum(β)}). */
    public static SignSgd signSgd() {
        return (SignSgd) SignSgd.SPEC.defaults().create();
    }

    /** Normalized LR+GD with step {@code lr}; bind the mean weight with {@link NormalizedGd#meanWeight}. */
    public static NormalizedGd normalizedGd(double lr) {
        return (NormalizedGd) NormalizedGd.SPEC.defaults().with("lr", lr).create();
    }

    /** SAM around {@code base}, as {@code davda54/sam}. */
    public static Sam sam(GradientTransformation base) {
        return (Sam) Sam.SPEC.defaults().with("base", base).create();
    }

    /** L-BFGS with the strong-Wolfe line search, as {@code torch.optim.LBFGS}. */
    public static Lbfgs lbfgs() {
        return (Lbfgs) Lbfgs.SPEC.defaults().create();
    }

    /** Nonlinear conjugate gradient (Polak–Ribière+ by default) with the strong-Wolfe line search. */
    public static NonlinearCg nonlinearCg() {
        return (NonlinearCg) NonlinearCg.SPEC.defaults().create();
    }

    /** GaLore: AdamW on a rank-r SVD projection of each matrix gradient, as {@code galore_torch.GaLoreAdamW}. */
    public static Galore galore() {
        return (Galore) Galore.SPEC.defaults().create();
    }

    /**
     * FRUGAL with {@code scale_by_adam()} as the state-full part in the subspace and signSGD on the rest,
     * at the fork's defaults (density 0.25, SVD projector refreshed every 200 steps).
     */
    public static Frugal frugal() {
        return frugal(Transforms.scaleByAdam());
    }

    /** FRUGAL with {@code inner} (a building block such as {@code trace(decay=0.9)}) as the state-full part. */
    public static Frugal frugal(GradientTransformation inner) {
        return (Frugal) Frugal.SPEC.defaults().with("inner", inner).create();
    }
}
