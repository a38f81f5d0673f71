package dev.gradus.rl.critic;

import dev.gradus.autodiff.Var;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.optim.spec.SpecFamily;
import dev.gradus.tensor.Tensor;

/**
 * How a critic is fitted to its targets (TD targets y = r + γ V̄(s′)): the components of the {@code critic} family
 * ({@link #CRITICS}). A critic network has {@link #outputs()} outputs per state: the value V(s) first, then the
 * noise model's heads. The residual is δ = y − V(s).
 * <ul>
 *   <li>{@code mse}: ½ δ² (one output);</li>
 *   <li>{@code gaussian_nll}: heteroscedastic Gaussian, head log σ(s): δ²/(2σ²) + log σ + ½ log 2π;</li>
 *   <li>{@code ggd}: the generalized-Gaussian TD error of Kim et al. (2024), shape head b(s), β = exp(b), scale α
 *       fixed ({@code alpha}, the paper's instantiation α = 1):
 *       −log β + log(2α) + log Γ(1/β) + (|δ|/α)^β; β = 2 is Gaussian, β = 1 Laplace, smaller is heavier-tailed.</li>
 * </ul>
 * Losses are means over the batch. The value column should be read with {@link #value}.
 */
public interface CriticLoss {

    /** The family of critic losses. */
    SpecFamily<CriticLoss> CRITICS = SpecFamily.of("critic", CriticLoss.class);

    /** Parses a critic-loss spec such as {@code ggd(alpha=1.0)}. */
    static CriticLoss parse(String spec) {
        return CRITICS.parse(spec);
    }

    /** Outputs per state: 1 for the value alone, 2 with a noise head. */
    int outputs();

    /** The mean loss of the network's outputs {@code out} ([n, outputs()]) for the targets y ([n]). */
    Var loss(Var out, Tensor targets);

    /** The value column V(s) of the outputs, as [n]. */
    static Var value(Var out) {
        return out.narrow(1, 0, 1).reshape(out.dim(0));
    }

    /** The noise head's column (log σ or log β), as [n]. */
    static Var noiseHead(Var out) {
        return out.narrow(1, 1, 1).reshape(out.dim(0));
    }

    /** ½ δ². */
    final class Mse extends Configured<Mse> implements CriticLoss {
        /** Spec {@code mse()}. */
        public static final Descriptor<Mse> SPEC = Descriptor.component("mse", "critic", Mse::new)
                .summary("squared TD error: the standard critic").reference("Sutton 1988 (TD)").build();

        /** From validated settings. */
        public Mse(Hyperparams hp) {
            super(hp);
        }

        @Override
        public int outputs() {
            return 1;
        }

        @Override
        public Var loss(Var out, Tensor targets) {
            return value(out).sub(Var.constant(targets)).square().mean().mul(0.5);
        }
    }

    /** Heteroscedastic Gaussian negative log-likelihood with a log σ head. */
    final class GaussianNll extends Configured<GaussianNll> implements CriticLoss {
        /** Spec {@code gaussian_nll()}. */
        public static final Descriptor<GaussianNll> SPEC = Descriptor.component("gaussian_nll", "critic",
                        GaussianNll::new)
                .summary("heteroscedastic Gaussian NLL of the TD error, with a log-sigma head")
                .reference("Nix & Weigend 1994; Kim et al. 2024 (baseline)").build();

        /** From validated settings. */
        public GaussianNll(Hyperparams hp) {
            super(hp);
        }

        @Override
        public int outputs() {
            return 2;
        }

        @Override
        public Var loss(Var out, Tensor targets) {
            Var delta = Var.constant(targets).sub(value(out));
            Var logSigma = CriticLoss.noiseHead(out);
            return delta.square().mul(logSigma.mul(-2).exp()).mul(0.5).add(logSigma).mean()
                    .add(0.5 * Math.log(2 * Math.PI));
        }
    }

    /** The generalized-Gaussian NLL with a log-shape head. */
    final class Ggd extends Configured<Ggd> implements CriticLoss {
        /** Spec {@code ggd(alpha=1.0)}. */
        public static final Descriptor<Ggd> SPEC = Descriptor.component("ggd", "critic", Ggd::new)
                .summary("generalized-Gaussian NLL of the TD error with a shape (beta) head, alpha fixed")
                .reference("Kim et al., 2024, Generalized Gaussian Temporal Difference Error")
                .param(Param.number("alpha", 1.0, "the fixed scale alpha").range(Range.greaterThan(0)))
                .build();

        private final double alpha;

        /** From validated settings. */
        public Ggd(Hyperparams hp) {
            super(hp);
            this.alpha = hp.number("alpha");
        }

        @Override
        public int outputs() {
            return 2;
        }

        /** β(s) = exp(b(s)) of the outputs, as [n]. */
        public static Var shape(Var out) {
            return CriticLoss.noiseHead(out).exp();
        }

        @Override
        public Var loss(Var out, Tensor targets) {
            Var delta = Var.constant(targets).sub(value(out));
            Var b = CriticLoss.noiseHead(out);
            Var beta = b.exp();
            // (|δ|/α)^β = exp(β log(|δ|/α)), with a floor so that δ = 0 has a finite derivative in β.
            Var power = delta.abs().div(alpha).add(1e-300).log().mul(beta).exp();
            return b.neg().add(Math.log(2 * alpha)).add(GammaFunctions.lgamma(beta.reciprocal())).add(power).mean();
        }
    }
}
