package dev.gradus.nn.objective;

import dev.gradus.autodiff.Var;
import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * Denoising score matching at one noise level {@code σ} (Vincent 2011), as studied for wide networks trained by
 * gradient descent in Han, Razaviyayn, Xu, "Neural Network-Based Score Estimation in Diffusion Models:
 * Optimization and Generalization", ICLR 2024. The forward noising process and the regression it defines:
 * <pre>
 *   x_t = x₀ + σ ε,  ε ~ N(0, I)               (the digest's forward process at a fixed t)
 *   label  y = −ε/σ,   E[y | x_t] = ∇ log p_t(x_t)
 *   L(θ) = (1/n) Σ_k ‖s_θ(x_t,k) − y_k‖²
 * </pre>
 * So DSM is regression with noisy labels: for any {@code s}, {@code E L = E‖s(x_t) − ∇log p_t(x_t)‖² + floor},
 * with the label-noise floor {@code E‖y − ∇log p_t(x_t)‖²}. A network that drives the training loss below the
 * floor fits the noise, which is why early stopping helps. The time variable is fixed here (one {@code σ}); the
 * paper also treats it as an input.
 *
 * <pre>{@code
 * DenoisingScoreMatching dsm = new DenoisingScoreMatching(0.5);
 * DenoisingScoreMatching.Pairs pairs = dsm.pairs(x0, rng);       // x0 [n, d]
 * Var loss = dsm.loss(model, pairs);                             // differentiable in the model's parameters
 * }</pre>
 */
public final class DenoisingScoreMatching {

    private final double sigma;

    /** DSM at noise level {@code σ > 0}. */
    public DenoisingScoreMatching(double sigma) {
        if (!(sigma > 0.0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("denoising score matching: sigma must be finite and > 0, got " + sigma);
        }
        this.sigma = sigma;
    }

    /** The noise level {@code σ}. */
    public double sigma() {
        return sigma;
    }

    /**
     * Noised inputs and their DSM labels.
     *
     * @param noisy {@code x_t = x₀ + σ ε}, shape {@code [n, d]}
     * @param labels {@code −ε/σ}, shape {@code [n, d]}
     * @param clean {@code x₀}, shape {@code [n, d]}
     */
    public record Pairs(Tensor noisy, Tensor labels, Tensor clean) {
    }

    /** One draw of the forward process for each row of {@code x0} ({@code [n, d]}). */
    public Pairs pairs(Tensor x0, RandomStream rng) {
        if (x0.rank() != 2) {
            throw new IllegalArgumentException("denoising score matching: x0 must be [n, d], got rank " + x0.rank());
        }
        double[] c = x0.data();
        double[] xt = new double[c.length];
        double[] y = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            double eps = rng.normal();
            xt[i] = c[i] + sigma * eps;
            y[i] = -eps / sigma;
        }
        int[] shape = x0.shape();
        return new Pairs(Tensor.of(xt, shape), Tensor.of(y, shape), x0.copy());
    }

    /** The DSM loss {@code (1/n) Σ_k ‖s_θ(x_t,k) − y_k‖²} of a score model mapping {@code [n, d]} to {@code [n, d]}. */
    public Var loss(Module score, Pairs pairs) {
        Var s = score.forward(Var.constant(pairs.noisy()));
        if (!s.value().sameShape(pairs.labels())) {
            throw new IllegalArgumentException("denoising score matching: the score model gives shape "
                    + java.util.Arrays.toString(s.shape()) + " for inputs of shape "
                    + java.util.Arrays.toString(pairs.noisy().shape()) + "; it must keep the shape");
        }
        Var r = s.sub(Var.constant(pairs.labels()));
        return r.square().sum().div(pairs.labels().dim(0));
    }

    /**
     * The score error {@code (1/n) Σ_k (s(x_k) − ∇log p_t(x_k))²} of a one-dimensional score model against a
     * mixture's true score, at the points {@code x} ({@code [n, 1]}).
     */
    public double scoreError(Module score, Tensor x, GaussianMixture truth) {
        Tensor s;
        try (var ignored = dev.gradus.autodiff.GradMode.noGrad()) {
            s = score.forward(Var.constant(x)).value();
        }
        double[] xs = x.data();
        double[] sv = s.data();
        if (sv.length != xs.length) {
            throw new IllegalArgumentException("denoising score matching: scoreError needs a 1-D score model, got "
                    + sv.length + " outputs for " + xs.length + " inputs");
        }
        double err = 0.0;
        for (int k = 0; k < xs.length; k++) {
            double d = sv[k] - truth.score(xs[k], sigma);
            err += d * d;
        }
        return err / xs.length;
    }

    /**
     * The label-noise floor {@code (1/n) Σ_k (y_k − ∇log p_t(x_t,k))²} of one-dimensional pairs: the expected DSM
     * loss of the true score itself.
     */
    public double noiseFloor(Pairs pairs, GaussianMixture truth) {
        double[] xs = pairs.noisy().data();
        double[] ys = pairs.labels().data();
        double f = 0.0;
        for (int k = 0; k < xs.length; k++) {
            double d = ys[k] - truth.score(xs[k], sigma);
            f += d * d;
        }
        return f / xs.length;
    }
}
