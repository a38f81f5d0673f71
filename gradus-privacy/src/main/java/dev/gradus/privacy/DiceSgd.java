package dev.gradus.privacy;

import dev.gradus.optim.Capability;
import dev.gradus.optim.Counter;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.PerSample;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.StepContext;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import java.util.List;

/**
 * DiceSGD: DP-SGD with clipped error feedback, which removes the constant bias of gradient clipping (Zhang, Bu, Wu &amp;
 * Hong, "Differentially Private SGD Without Clipping Bias: An Error-Feedback Approach", ICLR 2024; official code
 * {@code 564612540/DiceSGD}). Per step with batch B and the error {@code e₀ = 0}:
 * <pre>
 *   v_t     = (1/L) Σ_{i∈B} clip(g_i, C1) + clip(e_t, C2)
 *   w_t     ~ N(0, σ²(C1² + 2·C1·C2)/L² · I)
 *   update  = v_t + w_t                                   (x_{t+1} = x_t − η·update with sgd(lr=η) after it)
 *   e_{t+1} = e_t − clip(e_t, C2) + (1/L) Σ_{i∈B} (g_i − clip(g_i, C1))
 * </pre>
 * with {@code clip(v, C) = v·min(1, C/(‖v‖ + 1e-6))}, per example over all parameters (flat) and for the error over
 * all parameters jointly (as the official code). {@code L} is the expected batch size for Poisson batches, or the
 * batch size itself when {@code expectedBatchSize} is 0 (the paper's means).
 *
 * <p><b>Where the official code deviates, and what this does.</b> (1) Noise: the code adds
 * {@code σ·C1·√(1 + 2·C2/C1)} to the summed gradient, which is the std above; kept. (2) Error update: the code keeps
 * {@code e·min(f, 1 − min(f, 1))} for the clip factor f of e, which differs from the paper's {@code e·(1 − min(f, 1))}
 * when f &lt; 0.5 (a probable bug); this follows the paper unless {@code codeParity} is set. (3) The code mixes the
 * mean-loss gradient with the summed clipped gradient; this uses means throughout, as the paper. (4) The code's first
 * batch sets e to the gradient difference with no feedback; here e₀ = 0 as in the paper.
 *
 * <p><b>Privacy.</b> The paper's analysis is its own (the error e is never released) and needs the larger noise
 * above; an accountant that treats this as DP-SGD at multiplier σ reports a number that is not the paper's bound.
 * This transform reads the per-example gradients and the step's random stream from the context, and must come first
 * in a chain.
 *
 * <p>Defaults: {@code C1 = 1}, {@code C2 = C1} (the code's {@code error_max_grad_norm} ratio 1), as the recommended
 * {@code C2 ≥ C1}.
 */
public final class DiceSgd implements GradientTransformation {
    private final double c1;
    private final double c2;
    private final double sigma;
    private final double expectedBatchSize;
    private final boolean codeParity;

    /** The error buffer and the step count. */
    public record State(TensorMap error, Counter count) implements OptState {}

    /**
     * DiceSGD with per-example threshold {@code c1}, error threshold {@code c2}, noise multiplier {@code sigma}, the
     * expected batch size (0: the realised one) and the official code's error update when {@code codeParity}.
     */
    public DiceSgd(double c1, double c2, double sigma, double expectedBatchSize, boolean codeParity) {
        if (!(c1 > 0) || !(c2 > 0) || Double.isInfinite(c1) || Double.isInfinite(c2)) {
            throw new IllegalArgumentException("DiceSGD: thresholds C1=" + c1 + " and C2=" + c2 + " must be positive");
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("DiceSGD: noise multiplier " + sigma + " must be finite and at least 0");
        }
        if (!(expectedBatchSize >= 0)) {
            throw new IllegalArgumentException("DiceSGD: expected batch size " + expectedBatchSize + " is negative");
        }
        this.c1 = c1;
        this.c2 = c2;
        this.sigma = sigma;
        this.expectedBatchSize = expectedBatchSize;
        this.codeParity = codeParity;
    }

    /** The noise std on the mean: {@code σ·√(C1² + 2·C1·C2)/L}. */
    public double noiseStd(double l) {
        return sigma * Math.sqrt(c1 * c1 + 2 * c1 * c2) / l;
    }

    @Override
    public OptState init(TensorMap params) {
        return new State(params.zerosLike(), new Counter());
    }

    @Override
    public List<Requirement> requirements() {
        return List.of(new Requirement(Capability.PER_SAMPLE, "dice_sgd", "the per-example gradients to clip"),
                new Requirement(Capability.RANDOM, "dice_sgd", "the seeded Gaussian noise"));
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        State s = (State) state;
        PerSample ps = ctx.perSample();
        RandomStream noise = ctx.random().fork("dice-noise");
        int b = ps.size();
        double l = expectedBatchSize > 0 ? expectedBatchSize : Math.max(b, 1);
        TensorMap clipped;
        TensorMap raw;
        if (b == 0) {
            clipped = params.zerosLike();
            raw = params.zerosLike();
        } else {
            double[] norms = ps.norms();
            double[] f = PrivateGradient.factors(norms, c1);
            clipped = ps.weightedSum(f);
            double[] ones = new double[b];
            java.util.Arrays.fill(ones, 1);
            raw = ps.weightedSum(ones);
        }
        double eNorm = 0;
        for (String name : params.names()) {
            for (double v : s.error().get(name).data()) {
                eNorm += v * v;
            }
        }
        double fe = c2 / (Math.sqrt(eNorm) + PrivateGradient.NORM_EPS);
        double keep = Math.min(1, fe); // clip(e, C2) = keep·e
        double remain = codeParity ? Math.min(fe, 1 - keep) : 1 - keep;
        double std = noiseStd(l);
        for (String name : params.names()) {
            double[] u = updates.get(name).data();
            double[] e = s.error().get(name).data();
            double[] cs = clipped.get(name).data();
            double[] rs = raw.get(name).data();
            for (int i = 0; i < u.length; i++) {
                double mc = cs[i] / l;
                double v = mc + keep * e[i];
                u[i] = v + std * noise.normal();
                e[i] = remain * e[i] + (rs[i] / l - mc);
            }
        }
        s.count().increment();
    }
}
