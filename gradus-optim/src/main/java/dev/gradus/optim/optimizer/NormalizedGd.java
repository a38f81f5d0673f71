package dev.gradus.optim.optimizer;

import dev.gradus.optim.Capability;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.KernelOptimizer;
import dev.gradus.optim.MutableScalar;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.Schedule;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.List;

/**
 * Normalized LR+GD: gradient descent on the logistic loss whose step is divided by the mean sigmoid
 * weight of the examples, so that large steps turn it into the normalized batch perceptron.
 *
 * <p>Reference: A. Tyurin, "From Logistic Regression to the Perceptron Algorithm: Exploring Gradient
 * Descent with Large Step Sizes", AAAI 2025, §5 (no official code). For data {@code (a_i, y_i)},
 * {@code y_i ∈ {±1}}, and {@code f(θ) = (1/n) Σ log(1 + exp(−y_i a_iᵀθ))}:
 * <pre>
 *   σ_i = 1 / (1 + exp(y_i a_iᵀθ_t))                  (the per-example weight in ∇f = −(1/n) Σ σ_i y_i a_i)
 *   β_t = ((1/n) Σ_i σ_i)⁻¹
 *   θ_{t+1} = θ_t − γ β_t ∇f(θ_t)
 * </pre>
 * As γ → ∞, σ_i → 1[i misclassified] and the step becomes the normalized batch perceptron
 * {@code θ̂ ← θ̂ + (1/|S_t|) Σ_{S_t} y_i a_i} (at most R²/μ² iterations, n times fewer than LR+GD's worst
 * case). Hyperparameter: {@code lr} (the paper's γ), required, as for {@code torch.optim.SGD}.
 *
 * <p><b>Why a mean-weight function.</b> β_t depends on the per-example weights σ_i, which are internals of
 * the loss: neither the gradient nor the mean loss determines them. So the optimizer is a
 * {@link GradientTransformation} that is given a {@link MeanWeight} function of the parameters, evaluated
 * at the current parameters in every update. This keeps it composable (chains, schedules on {@code lr},
 * state save/load) and lets a caller who already has the per-example losses pass them:
 * for the logistic loss, {@code σ_i = 1 − exp(−ℓ_i)} (see {@link #meanSigmoidWeight(double[])}). For a
 * linear model {@link #logistic(Tensor, double[], String)} builds the function from the data.
 *
 * <p><b>Unbound: from the per-example losses.</b> A spec-built {@code normalized_gd(lr=…)} (as in
 * {@code gradus train --optimizer 'normalized_gd(lr=10)'}) has no function bound. It then needs
 * {@link Capability#PER_SAMPLE} from its caller and takes the per-example losses ℓ_i of the batch at the
 * current parameters from the step context, with {@code σ_i = 1 − exp(−ℓ_i)}. For the softmax
 * cross-entropy this is the same weight: {@code −∂ℓ_i/∂z_{i,y_i} = 1 − p_{i,y_i} = 1 − exp(−ℓ_i)}, so the
 * multiclass form keeps the paper's meaning; for other losses (squared error) the weight has no such
 * meaning, and the binding should be given in code. A caller without per-example losses (a full-batch replay)
 * refuses it when it is set up, naming the capability. An empty batch gives a zero update. Every setter and
 * {@link #with} keep the binding.
 *
 * <p>Edge cases: σ_i is computed stably (losses reach about 400 at large γ). When every σ_i underflows to
 * 0 the gradient is 0 too and the update is 0 (instead of 0·∞). The paper's stopping rule (all margins
 * strictly positive) belongs to the caller. The state records the last β_t used ({@code beta}), for
 * logging.
 *
 * <p>No composed reference (the step size depends on the parameters through the data); the tests
 * reproduce the paper's Table 1 iteration counts exactly.
 *
 * <pre>{@code
 * NormalizedGd opt = Optimizers.normalizedGd(100).meanWeight(NormalizedGd.logistic(a, y, "theta"));
 * }</pre>
 */
public final class NormalizedGd extends KernelOptimizer<NormalizedGd> {

    /** Spec: {@code normalized_gd(lr)}; the mean-weight function is bound in code. */
    public static final Descriptor<NormalizedGd> SPEC = Descriptor
            .builder("normalized_gd", Descriptor.Kind.OPTIMIZER, NormalizedGd::new)
            .summary("Normalized LR+GD: step divided by the mean sigmoid weight (bind it with meanWeight)")
            .reference("Tyurin, AAAI 2025, section 5")
            .param(new Param("lr", ParamType.SCALAR, null, Range.atLeast(0), null, 0, false,
                    "step size gamma (required)"))
            .build();

    /** The mean of the per-example weights σ_i at the given parameters; in (0, 1] for the logistic loss. */
    @FunctionalInterface
    public interface MeanWeight {
        /** The mean weight (1/n) Σ σ_i at {@code params}. */
        double at(TensorMap params);
    }

    /** State: the step count and the last normalization β_t. */
    public record State(Counter count, MutableScalar beta) implements Counted {}

    private final Schedule lr;
    private final MeanWeight meanWeight; // null: from the per-example losses in the step context

    /** From validated hyperparameters, with no mean-weight function yet; use {@code Optimizers.normalizedGd(lr)}. */
    public NormalizedGd(Hyperparams hp) {
        this(hp, null);
    }

    private NormalizedGd(Hyperparams hp, MeanWeight meanWeight) {
        super(hp);
        this.lr = hp.schedule("lr");
        this.meanWeight = meanWeight;
    }

    /** Sets the step size {@code lr} (γ), keeping the mean-weight function. */
    public NormalizedGd lr(double value) {
        return new NormalizedGd(hp.with("lr", value), meanWeight);
    }

    /** Sets the step-size schedule, keeping the mean-weight function. */
    public NormalizedGd lr(Schedule value) {
        return new NormalizedGd(hp.with("lr", value), meanWeight);
    }

    /** A copy with one hyperparameter changed, keeping the mean-weight function. */
    @Override
    public NormalizedGd with(String name, Object value) {
        return new NormalizedGd(hp.with(name, value), meanWeight);
    }

    /** With no mean-weight function bound: the per-example losses, to compute it from. */
    @Override
    protected List<Requirement> ownRequirements() {
        return meanWeight == null ? List.of(new Requirement(Capability.PER_SAMPLE, "normalized_gd",
                "the per-example losses of its mean sigmoid weight (or bind NormalizedGd.meanWeight in code)"))
                : List.of();
    }

    /** The same optimizer normalizing by {@code fn}. */
    public NormalizedGd meanWeight(MeanWeight fn) {
        if (fn == null) {
            throw new IllegalArgumentException("normalized_gd: mean-weight function is null");
        }
        return new NormalizedGd(hp, fn);
    }

    /**
     * The mean logistic weight (1/n) Σ σ_i from per-example logistic losses ℓ_i = log(1 + exp(−m_i)):
     * since exp(−ℓ_i) = sigmoid(m_i), σ_i = 1 − exp(−ℓ_i), computed as {@code −expm1(−ℓ_i)} so that tiny
     * losses keep their precision.
     */
    public static double meanSigmoidWeight(double[] perExampleLosses) {
        if (perExampleLosses.length == 0) {
            throw new IllegalArgumentException("normalized_gd: no per-example losses");
        }
        double s = 0.0;
        for (double l : perExampleLosses) {
            s += -StrictMath.expm1(-l);
        }
        return s / perExampleLosses.length;
    }

    /**
     * The mean weight of the logistic loss of a linear model without intercept: rows of {@code features}
     * ({@code [n, d]}) are the a_i, {@code labels} the y_i ∈ {±1}, and parameter {@code param} holds θ
     * ({@code d} values).
     */
    public static MeanWeight logistic(Tensor features, double[] labels, String param) {
        if (features.rank() != 2) {
            throw new IllegalArgumentException("normalized_gd.logistic: features must be [n, d], got rank "
                    + features.rank());
        }
        int n = features.dim(0);
        int d = features.dim(1);
        if (labels.length != n) {
            throw new IllegalArgumentException("normalized_gd.logistic: " + n + " feature rows but " + labels.length
                    + " labels");
        }
        double[] a = features.data();
        return params -> {
            double[] theta = params.get(param).data();
            if (theta.length != d) {
                throw new IllegalArgumentException("normalized_gd.logistic: parameter '" + param + "' has "
                        + theta.length + " values, features have " + d + " columns");
            }
            double s = 0.0;
            for (int i = 0; i < n; i++) {
                double dot = 0.0;
                for (int j = 0; j < d; j++) {
                    dot += a[i * d + j] * theta[j];
                }
                s += sigmoidWeight(labels[i] * dot);
            }
            return s / n;
        };
    }

    /** The mean sigmoid weight of a batch's losses; 0 for an empty batch, which makes the update 0. */
    private static double meanWeight(double[] losses) {
        return losses.length == 0 ? 0.0 : meanSigmoidWeight(losses);
    }

    /** σ = 1/(1 + exp(m)) without overflow. */
    static double sigmoidWeight(double margin) {
        if (margin >= 0) {
            double e = StrictMath.exp(-margin);
            return e / (1.0 + e);
        }
        return 1.0 / (1.0 + StrictMath.exp(margin));
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), new MutableScalar(Double.NaN));
    }

    @Override
    protected void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply) {
        State s = (State) state;
        double w = meanWeight != null ? meanWeight.at(params) : meanWeight(ctx.perSample().losses().data());
        if (!(w >= 0) || Double.isInfinite(w)) {
            throw new IllegalStateException("normalized_gd: mean weight must be finite and >= 0, got " + w);
        }
        double lrK = lr.at(s.count().get());
        double beta = 1.0 / w;
        s.beta().set(beta);
        double scale = w == 0.0 ? 0.0 : -lrK * beta;
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] g = grads.get(name).data();
            for (int j = 0; j < p.length; j++) {
                double u = scale * g[j];
                if (apply) {
                    p[j] = p[j] + u;
                } else {
                    g[j] = u;
                }
            }
        }
        s.count().increment();
    }
}
