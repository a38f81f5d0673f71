package dev.gradus.optim.optimizer;

import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.Fluent;
import dev.gradus.optim.KernelOptimizer;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.kernel.AdamMoments;
import dev.gradus.optim.kernel.Chunks;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;
import java.util.List;

/**
 * diffGrad: Adam with a per-coordinate friction on the first moment that depends on how fast the
 * gradient changes.
 *
 * <p>Reference: S. R. Dubey, S. Chakraborty, S. K. Roy, S. Mukherjee, S. K. Singh, B. B. Chaudhuri,
 * "diffGrad: An Optimization Method for Convolutional Neural Networks", IEEE TNNLS 2020. Official code,
 * followed line by line: {@code shivram1987/diffGrad diffGrad_v2.py}.
 *
 * <p>Per parameter tensor {@code p} with gradient {@code g}, at step {@code t = 1, 2, ...}:
 * <pre>
 *   g ← g + weight_decay · p                                   (coupled L2, when weight_decay ≠ 0)
 *   m ← β1 m + (1 − β1) g ;   v ← β2 v + (1 − β2) g²
 *   ξ = 1 / (1 + exp(−|g_prev − g|))                           ∈ [0.5, 1)
 *   g_prev ← g                                                  (a copy; starts at 0, so ξ₁ = sigmoid(|g₁|))
 *   p ← p − lr · √(1 − β2ᵗ)/(1 − β1ᵗ) · ξ ⊙ m / (√v + eps)
 * </pre>
 * eps is added to √v, not to the bias-corrected root (the bias correction is folded into the step size).
 *
 * <p>Defaults (reference names): {@code lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0}.
 *
 * <p>Code versus paper: {@code diffGrad.py} (v1, "used in paper") stores {@code previous_grad = grad}
 * by reference; when the gradient buffer is reused in place the difference is always 0, ξ ≡ 0.5 and
 * diffGrad silently becomes Adam at half the learning rate. This class implements v2, which stores a copy.
 * As in v2, the stored previous gradient is the one after the L2 term was added. The exponential uses
 * {@link StrictMath} so that results are the same bits on every platform.
 *
 * <p>No composed reference: the friction has no building block; the kernel is tested against a
 * line-by-line transcription of {@code diffGrad_v2.py} and reproduces the official notebook's F1 result.
 *
 * <pre>{@code
 * DiffGrad opt = Optimizers.diffgrad().lr(1e-3);
 * }</pre>
 */
public final class DiffGrad extends KernelOptimizer<DiffGrad>
        implements Fluent.Lr<DiffGrad>, Fluent.Betas<DiffGrad>, Fluent.Eps<DiffGrad>, Fluent.WeightDecay<DiffGrad> {

    /** Spec: {@code diffgrad(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0)}. */
    public static final Descriptor<DiffGrad> SPEC = Descriptor
            .builder("diffgrad", Descriptor.Kind.OPTIMIZER, DiffGrad::new)
            .summary("Adam with a friction from the change of the gradient (diffGrad v2)")
            .reference("Dubey et al., IEEE TNNLS 2020; shivram1987/diffGrad diffGrad_v2.py")
            .param(Param.scalar("lr", 1e-3, "learning rate").range(Range.atLeast(0)))
            .param(Param.scalars("betas", List.of(0.9, 0.999), "decays of the first and second moments")
                    .range(Range.closedOpen(0, 1)))
            .param(Param.scalar("eps", 1e-8, "added to the root of the second moment").range(Range.atLeast(0)))
            .param(Param.scalar("weight_decay", 0.0, "coupled L2 coefficient").range(Range.atLeast(0)))
            .build();

    /** diffGrad state: step count, {@code exp_avg}, {@code exp_avg_sq} and {@code previous_grad}. */
    public record State(Counter count, TensorMap expAvg, TensorMap expAvgSq, TensorMap previousGrad)
            implements Counted {}

    /** From validated hyperparameters; use {@code Optimizers.diffgrad()}. */
    public DiffGrad(Hyperparams hp) {
        super(hp);
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), params.zerosLike(), params.zerosLike(), params.zerosLike());
    }

    @Override
    protected void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply) {
        State s = (State) state;
        long k = s.count().get();
        double lrK = at("lr", k);
        double b1 = at("betas", 0, k);
        double b2 = at("betas", 1, k);
        double epsK = at("eps", k);
        double wd = at("weight_decay", k);
        long t = k + 1;
        double stepSize = lrK * Math.sqrt(1.0 - StrictMath.pow(b2, t)) / (1.0 - StrictMath.pow(b1, t));
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] g = grads.get(name).data();
            double[] m = s.expAvg().get(name).data();
            double[] v = s.expAvgSq().get(name).data();
            double[] prev = s.previousGrad().get(name).data();
            Chunks.run(p.length, (from, to) -> {
                if (wd != 0) {
                    AdamMoments.moments(g, p, wd, m, v, b1, b2, from, to);
                } else {
                    AdamMoments.moments(g, m, v, b1, b2, from, to);
                }
                for (int j = from; j < to; j++) {
                    double gj = wd != 0 ? g[j] + wd * p[j] : g[j]; // as the moments formed it
                    double friction = 1.0 / (1.0 + StrictMath.exp(-Math.abs(prev[j] - gj)));
                    prev[j] = gj;
                    double u = -stepSize * (m[j] * friction) / (Math.sqrt(v[j]) + epsK);
                    if (apply) {
                        p[j] = p[j] + u;
                    } else {
                        g[j] = u;
                    }
                }
            });
        }
        s.count().increment();
    }
}
