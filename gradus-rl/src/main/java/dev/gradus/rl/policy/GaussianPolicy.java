package dev.gradus.rl.policy;

import dev.gradus.autodiff.Var;
import dev.gradus.nn.Module;
import dev.gradus.nn.Parameter;
import dev.gradus.rl.env.ActionSpace;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * A diagonal Gaussian policy a = μ_θ(s) + σ ε, ε ~ N(0, I), with σ fixed (the Fisher-non-degenerate policies of
 * Fatkhullin et al.: linear-Gaussian with fixed σ) or learned as a state-independent log σ parameter (as in PPO):
 * <pre>
 *   log π(a|s) = Σ_j −(a_j − μ_j)²/(2σ_j²) − log σ_j − ½ log 2π,   H = Σ_j log σ_j + ½ log(2πe)
 *   KL(π ‖ π_old) = Σ_j log(σ_old,j/σ_j) + (σ_j² + (μ_j − μ_old,j)²)/(2σ_old,j²) − ½
 * </pre>
 * The head is {@code [n, k]} (the mean) with σ fixed, and {@code [n, 2k]} (mean, then log σ per row) when σ is learned.
 * Actions are not clipped here; the environment clips to its box, as Gym's do.
 */
public final class GaussianPolicy extends Policy {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final int k;
    private final double sigma;

    /** The network computing the head, with its log σ parameter when σ is learned. */
    public static final class Actor extends Module {
        private final Module mean;
        private final Parameter logStd;
        private final int k;

        /** {@code mean} computes μ ({@code [n, d] -> [n, k]}); log σ starts at {@code logStd0}. */
        public Actor(Module mean, int k, double logStd0) {
            this.mean = addModule("mean", mean);
            this.logStd = addParameter("log_std", Tensor.full(logStd0, k));
            this.k = k;
        }

        @Override
        public Var forward(Var input) {
            Var mu = mean.forward(input);
            int n = mu.dim(0);
            Var ls = logStd.node().reshape(1, k).broadcastTo(n, k);
            return Var.concat(java.util.List.of(mu, ls), 1);
        }
    }

    /** A Gaussian with fixed standard deviation {@code sigma} around {@code mean} ({@code [n, d] -> [n, k]}). */
    public static GaussianPolicy fixed(Module mean, int observationSize, ActionSpace space, double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("gaussian policy: sigma must be positive, got " + sigma);
        }
        return new GaussianPolicy(mean, observationSize, space, sigma);
    }

    /** A Gaussian with a learned state-independent log σ, starting at {@code logStd0}. */
    public static GaussianPolicy learned(Module mean, int observationSize, ActionSpace space, double logStd0) {
        return new GaussianPolicy(new Actor(mean, space.dim(), logStd0), observationSize, space, Double.NaN);
    }

    private GaussianPolicy(Module net, int observationSize, ActionSpace space, double sigma) {
        super(net, observationSize, space);
        if (space.isDiscrete()) {
            throw new IllegalArgumentException("gaussian policy: needs a box action space, got " + space);
        }
        this.k = space.dim();
        this.sigma = sigma;
    }

    /** True when σ is learned. */
    public boolean learnsSigma() {
        return Double.isNaN(sigma);
    }

    /** The fixed σ, or NaN when it is learned. */
    public double sigma() {
        return sigma;
    }

    private Var mean(Var head) {
        return learnsSigma() ? head.narrow(1, 0, k) : head;
    }

    private Var logStd(Var head) {
        return learnsSigma() ? head.narrow(1, k, k) : null;
    }

    @Override
    public Var logProb(Var head, Tensor actions) {
        Var z = Var.constant(actions).sub(mean(head));
        if (!learnsSigma()) {
            return z.square().sum(1, false).mul(-0.5 / (sigma * sigma)).sub(k * (Math.log(sigma) + HALF_LOG_2PI));
        }
        Var ls = logStd(head);
        Var scaled = z.mul(ls.neg().exp());
        return scaled.square().mul(-0.5).sub(ls).sum(1, false).sub(k * HALF_LOG_2PI);
    }

    @Override
    public Var entropy(Var head) {
        double c = 0.5 * Math.log(2 * Math.PI * Math.E);
        if (!learnsSigma()) {
            return Var.constant(Tensor.full(k * (Math.log(sigma) + c), head.dim(0)));
        }
        return logStd(head).sum(1, false).add(k * c);
    }

    @Override
    public Var kl(Var head, Tensor oldHead) {
        Var mu = mean(head);
        Tensor oldMu = learnsSigma() ? oldHead.narrow(1, 0, k) : oldHead;
        if (!learnsSigma()) {
            return mu.sub(oldMu).square().sum(1, false).mul(0.5 / (sigma * sigma));
        }
        Var ls = logStd(head);
        Tensor oldLs = oldHead.narrow(1, k, k);
        Tensor oldVar = oldLs.mul(2).exp();
        Var var = ls.mul(2).exp();
        return Var.constant(oldLs).sub(ls).add(var.add(mu.sub(oldMu).square()).div(oldVar.mul(2))).sub(0.5)
                .sum(1, false);
    }

    @Override
    protected void sample(Tensor head, RandomStream rng, double[] out) {
        int n = head.dim(0);
        int w = head.dim(1);
        double[] h = head.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double s = learnsSigma() ? Math.exp(h[i * w + k + j]) : sigma;
                out[i * k + j] = h[i * w + j] + s * rng.normal();
            }
        }
    }

    @Override
    protected void mode(Tensor head, double[] out) {
        int n = head.dim(0);
        int w = head.dim(1);
        double[] h = head.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                out[i * k + j] = h[i * w + j];
            }
        }
    }
}
