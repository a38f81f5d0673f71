package dev.gradus.optim;

/**
 * The fluent setters of the optimizers and transforms, each written once for every class whose descriptor
 * declares a hyperparameter of that reference name: a class that has {@code lr} implements {@link Lr}, and
 * {@code Optimizers.adam().lr(1e-3).betas(0.9, 0.999)} then calls {@link Configurable#with} with
 * {@code "lr"} and {@code "betas"}. The hyperparameter itself (type, default, range, doc) is declared once,
 * in the class's {@code Descriptor}; the class holds no copy of it, and its kernel reads the value from its
 * {@code Hyperparams}. A setter checks the value against that declaration like every other path (specs,
 * {@code inject_hyperparams}).
 *
 * <pre>{@code
 * public final class Adam extends FusedOptimizer<Adam> implements Fluent.Lr<Adam>, Fluent.Betas<Adam>,
 *         Fluent.Eps<Adam>, Fluent.WeightDecay<Adam>, Fluent.Amsgrad<Adam>
 * }</pre>
 */
public final class Fluent {
    private Fluent() {}

    /**
     * What every setter calls: a copy with hyperparameter {@code name} set ({@link Configurable#with}).
     *
     * @param <S> the concrete type
     */
    public interface Settable<S> {
        /** A copy with one hyperparameter changed, by its reference name. */
        S with(String name, Object value);
    }


    /**
     * {@code lr}: the learning rate.
     *
     * @param <S> the concrete type
     */
    public interface Lr<S> extends Settable<S> {
        /** Sets {@code lr}. */
        default S lr(double value) {
            return with("lr", value);
        }

        /** Sets {@code lr} to a schedule. */
        default S lr(Schedule value) {
            return with("lr", value);
        }
    }

    /**
     * {@code betas}: the decays of the first and second moments.
     *
     * @param <S> the concrete type
     */
    public interface Betas<S> extends Settable<S> {
        /** Sets {@code betas} to {@code (b1, b2)}. */
        default S betas(double b1, double b2) {
            return with("betas", new double[] {b1, b2});
        }
    }

    /**
     * {@code eps}: the term that keeps a denominator away from zero.
     *
     * @param <S> the concrete type
     */
    public interface Eps<S> extends Settable<S> {
        /** Sets {@code eps}. */
        default S eps(double value) {
            return with("eps", value);
        }
    }

    /**
     * {@code weight_decay}: the weight decay (coupled or decoupled, as the optimizer's Javadoc says).
     *
     * @param <S> the concrete type
     */
    public interface WeightDecay<S> extends Settable<S> {
        /** Sets {@code weight_decay}. */
        default S weightDecay(double value) {
            return with("weight_decay", value);
        }

        /** Sets {@code weight_decay} to a schedule. */
        default S weightDecay(Schedule value) {
            return with("weight_decay", value);
        }
    }

    /**
     * {@code momentum}: the momentum factor.
     *
     * @param <S> the concrete type
     */
    public interface Momentum<S> extends Settable<S> {
        /** Sets {@code momentum}. */
        default S momentum(double value) {
            return with("momentum", value);
        }

        /** Sets {@code momentum} to a schedule. */
        default S momentum(Schedule value) {
            return with("momentum", value);
        }
    }

    /**
     * {@code dampening}: the dampening of the momentum.
     *
     * @param <S> the concrete type
     */
    public interface Dampening<S> extends Settable<S> {
        /** Sets {@code dampening}. */
        default S dampening(double value) {
            return with("dampening", value);
        }
    }

    /**
     * {@code nesterov}: Nesterov momentum.
     *
     * @param <S> the concrete type
     */
    public interface Nesterov<S> extends Settable<S> {
        /** Sets {@code nesterov}. */
        default S nesterov(boolean value) {
            return with("nesterov", value);
        }
    }

    /**
     * {@code amsgrad}: AMSGrad: the running maximum of the second moment.
     *
     * @param <S> the concrete type
     */
    public interface Amsgrad<S> extends Settable<S> {
        /** Sets {@code amsgrad}. */
        default S amsgrad(boolean value) {
            return with("amsgrad", value);
        }
    }

    /**
     * {@code delta}: the threshold of AdamP's and SGDP's scale-invariance test.
     *
     * @param <S> the concrete type
     */
    public interface Delta<S> extends Settable<S> {
        /** Sets {@code delta}. */
        default S delta(double value) {
            return with("delta", value);
        }
    }

    /**
     * {@code wd_ratio}: the weight-decay factor on projected tensors (AdamP, SGDP).
     *
     * @param <S> the concrete type
     */
    public interface WdRatio<S> extends Settable<S> {
        /** Sets {@code wd_ratio}. */
        default S wdRatio(double value) {
            return with("wd_ratio", value);
        }
    }

    /**
     * {@code rho}: the radius (SAM) or decay (RMSprop-like) named rho by the reference.
     *
     * @param <S> the concrete type
     */
    public interface Rho<S> extends Settable<S> {
        /** Sets {@code rho}. */
        default S rho(double value) {
            return with("rho", value);
        }

        /** Sets {@code rho} to a schedule. */
        default S rho(Schedule value) {
            return with("rho", value);
        }
    }

    /**
     * {@code alpha}: the smoothing constant named alpha by the reference.
     *
     * @param <S> the concrete type
     */
    public interface Alpha<S> extends Settable<S> {
        /** Sets {@code alpha}. */
        default S alpha(double value) {
            return with("alpha", value);
        }
    }

    /**
     * {@code centered}: normalise by the centred second moment (RMSprop).
     *
     * @param <S> the concrete type
     */
    public interface Centered<S> extends Settable<S> {
        /** Sets {@code centered}. */
        default S centered(boolean value) {
            return with("centered", value);
        }
    }

    /**
     * {@code lr_decay}: the learning-rate decay (Adagrad).
     *
     * @param <S> the concrete type
     */
    public interface LrDecay<S> extends Settable<S> {
        /** Sets {@code lr_decay}. */
        default S lrDecay(double value) {
            return with("lr_decay", value);
        }
    }

    /**
     * {@code initial_accumulator_value}: the starting value of the accumulator (Adagrad).
     *
     * @param <S> the concrete type
     */
    public interface InitialAccumulatorValue<S> extends Settable<S> {
        /** Sets {@code initial_accumulator_value}. */
        default S initialAccumulatorValue(double value) {
            return with("initial_accumulator_value", value);
        }
    }

    /**
     * {@code weight_decouple}: decoupled (true) or coupled L2 (false) weight decay.
     *
     * @param <S> the concrete type
     */
    public interface WeightDecouple<S> extends Settable<S> {
        /** Sets {@code weight_decouple}. */
        default S weightDecouple(boolean value) {
            return with("weight_decouple", value);
        }
    }

    /**
     * {@code fixed_decay}: decay by weight_decay instead of lr * weight_decay.
     *
     * @param <S> the concrete type
     */
    public interface FixedDecay<S> extends Settable<S> {
        /** Sets {@code fixed_decay}. */
        default S fixedDecay(boolean value) {
            return with("fixed_decay", value);
        }
    }

    /**
     * {@code decoupled_weight_decay}: decay the parameters by {@code lr·weight_decay} (AdamW style) instead of
     * adding {@code weight_decay·p} to the gradient (torch's RAdam).
     *
     * @param <S> the concrete type
     */
    public interface DecoupledWeightDecay<S> extends Settable<S> {
        /** Sets {@code decoupled_weight_decay}. */
        default S decoupledWeightDecay(boolean value) {
            return with("decoupled_weight_decay", value);
        }
    }

    /**
     * {@code rectify}: RAdam-style rectification.
     *
     * @param <S> the concrete type
     */
    public interface Rectify<S> extends Settable<S> {
        /** Sets {@code rectify}. */
        default S rectify(boolean value) {
            return with("rectify", value);
        }
    }

    /**
     * {@code degenerated_to_sgd}: SGD-momentum steps while the rectification is undefined.
     *
     * @param <S> the concrete type
     */
    public interface DegeneratedToSgd<S> extends Settable<S> {
        /** Sets {@code degenerated_to_sgd}. */
        default S degeneratedToSgd(boolean value) {
            return with("degenerated_to_sgd", value);
        }
    }

    /**
     * {@code adaptive}: the scale-adaptive variant (ASAM).
     *
     * @param <S> the concrete type
     */
    public interface Adaptive<S> extends Settable<S> {
        /** Sets {@code adaptive}. */
        default S adaptive(boolean value) {
            return with("adaptive", value);
        }
    }

    /**
     * {@code eta}: the step size named eta by the reference.
     *
     * @param <S> the concrete type
     */
    public interface Eta<S> extends Settable<S> {
        /** Sets {@code eta} to a schedule. */
        default S eta(Schedule value) {
            return with("eta", value);
        }
    }

    /**
     * {@code max_iter}: the most iterations per step.
     *
     * @param <S> the concrete type
     */
    public interface MaxIter<S> extends Settable<S> {
        /** Sets {@code max_iter}. */
        default S maxIter(int value) {
            return with("max_iter", value);
        }
    }

    /**
     * {@code max_eval}: the most function evaluations per step.
     *
     * @param <S> the concrete type
     */
    public interface MaxEval<S> extends Settable<S> {
        /** Sets {@code max_eval}. */
        default S maxEval(int value) {
            return with("max_eval", value);
        }
    }

    /**
     * {@code tolerance_grad}: the gradient tolerance that ends a step.
     *
     * @param <S> the concrete type
     */
    public interface ToleranceGrad<S> extends Settable<S> {
        /** Sets {@code tolerance_grad}. */
        default S toleranceGrad(double value) {
            return with("tolerance_grad", value);
        }
    }

    /**
     * {@code tolerance_change}: the change tolerance that ends a step.
     *
     * @param <S> the concrete type
     */
    public interface ToleranceChange<S> extends Settable<S> {
        /** Sets {@code tolerance_change}. */
        default S toleranceChange(double value) {
            return with("tolerance_change", value);
        }
    }

    /**
     * {@code history_size}: the number of correction pairs kept.
     *
     * @param <S> the concrete type
     */
    public interface HistorySize<S> extends Settable<S> {
        /** Sets {@code history_size}. */
        default S historySize(int value) {
            return with("history_size", value);
        }
    }

    /**
     * {@code line_search_fn}: the line search.
     *
     * @param <S> the concrete type
     */
    public interface LineSearchFn<S> extends Settable<S> {
        /** Sets {@code line_search_fn}. */
        default S lineSearchFn(String value) {
            return with("line_search_fn", value);
        }
    }

    /**
     * {@code beta_type}: the conjugate-gradient formula.
     *
     * @param <S> the concrete type
     */
    public interface BetaType<S> extends Settable<S> {
        /** Sets {@code beta_type}. */
        default S betaType(String value) {
            return with("beta_type", value);
        }
    }

    /**
     * {@code density}: the share of coordinates in the state-full subspace.
     *
     * @param <S> the concrete type
     */
    public interface Density<S> extends Settable<S> {
        /** Sets {@code density}. */
        default S density(double value) {
            return with("density", value);
        }
    }

    /**
     * {@code proj_type}: how the subspace is chosen.
     *
     * @param <S> the concrete type
     */
    public interface ProjType<S> extends Settable<S> {
        /** Sets {@code proj_type}. */
        default S projType(String value) {
            return with("proj_type", value);
        }
    }

    /**
     * {@code proj_params}: which parameters are projected, as name globs.
     *
     * @param <S> the concrete type
     */
    public interface ProjParams<S> extends Settable<S> {
        /** Sets {@code proj_params}. */
        default S projParams(String... globs) {
            return with("proj_params", java.util.List.of(globs));
        }
    }

    /**
     * {@code update_gap}: the steps between refreshes of the subspace.
     *
     * @param <S> the concrete type
     */
    public interface UpdateGap<S> extends Settable<S> {
        /** Sets {@code update_gap}. */
        default S updateGap(long value) {
            return with("update_gap", value);
        }
    }

    /**
     * {@code inactive_update_rule}: the update outside the subspace.
     *
     * @param <S> the concrete type
     */
    public interface InactiveUpdateRule<S> extends Settable<S> {
        /** Sets {@code inactive_update_rule}. */
        default S inactiveUpdateRule(String value) {
            return with("inactive_update_rule", value);
        }
    }

    /**
     * {@code reset_statistics}: reset the inner state when the subspace changes.
     *
     * @param <S> the concrete type
     */
    public interface ResetStatistics<S> extends Settable<S> {
        /** Sets {@code reset_statistics}. */
        default S resetStatistics(boolean value) {
            return with("reset_statistics", value);
        }
    }
}
