package dev.gradus.nn.diffusion;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.List;

/**
 * Predictor-corrector sampling of the reverse of a system of forward SDEs (Song et al., ICLR 2021, Algorithm 2 and
 * 4; GDSS's "Reverse + Langevin" solver for its node-feature and adjacency system). Each component {@code c} of
 * the system has its own SDE, noise shape and mask; the scores of all components are computed jointly from the
 * whole state, {@code s_c = ∇_{x_c} log p_t(x_1, …, x_C)}. On the grid {@code t_i = linspace(1, ε, steps)}:
 * <pre>
 *   corrector (Langevin, {@code correctorSteps} times):
 *     ε_c = 2 α_i (r ‖z‖ / ‖s_c‖)²,   x_c ← x_c + ε_c s_c + √(2 ε_c) · λ · z      (r = snr, λ = scaleEps)
 *   predictor (reverse diffusion):
 *     x̄_c = (2 − a_i) x_c + G_i² s_c,   x_c ← x̄_c + G_i z
 * </pre>
 * with {@code ‖·‖} the per-sample norm averaged over the leading (batch) axis, {@code z} a fresh draw of the
 * component's {@link Noise} times its mask, and every state multiplied by its mask after each update (GDSS's
 * node flags). The result is the last predictor's mean {@code x̄} (noise removal, as GDSS samples). The start is
 * the prior {@code N(0, priorStd² I)} in the component's noise shape.
 *
 * <p>Defaults: 1000 steps, {@code snr = 0.05}, {@code scaleEps = 0.7}, one corrector step, {@code ε = 1e-3}
 * (GDSS's community-small sampler settings, except its {@code ε = 1e-4}).
 *
 * <pre>{@code
 * PredictorCorrector pc = PredictorCorrector.builder().steps(200).build();
 * Tensor[] out = pc.sample(List.of(new PredictorCorrector.Component(vpX, Noise.gaussian(), maskX),
 *                                  new PredictorCorrector.Component(vpA, Noise.symmetric(), maskA)),
 *         (states, t) -> new Tensor[] {scoreX(states, t), scoreA(states, t)}, rng);
 * }</pre>
 */
public final class PredictorCorrector {

    /** The joint score of the system: {@code s_c(x, t)} for every component, each of its state's shape. */
    @FunctionalInterface
    public interface JointScore {
        /** The scores at the states {@code x} (not to be modified) and time {@code t}. */
        Tensor[] scores(Tensor[] states, double t);
    }

    /**
     * One component of the system.
     *
     * @param sde its forward SDE
     * @param noise its noise shape
     * @param mask 1 where the state is free, 0 where it is held at zero; its shape is the state's shape
     */
    public record Component(Sde sde, Noise noise, Tensor mask) {
        /** Checks that nothing is missing. */
        public Component {
            if (sde == null || noise == null || mask == null) {
                throw new IllegalArgumentException("PredictorCorrector.Component: sde, noise and mask are required");
            }
            if (mask.rank() < 1) {
                throw new IllegalArgumentException("PredictorCorrector.Component: the mask needs a leading batch axis");
            }
        }
    }

    private final int steps;
    private final double snr;
    private final double scaleEps;
    private final int correctorSteps;
    private final double eps;
    private long evaluations;

    private PredictorCorrector(Builder b) {
        this.steps = b.steps;
        this.snr = b.snr;
        this.scaleEps = b.scaleEps;
        this.correctorSteps = b.correctorSteps;
        this.eps = b.eps;
    }

    /** A builder with GDSS's community-small settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of joint score evaluations of the last {@link #sample} call. */
    public long evaluations() {
        return evaluations;
    }

    /** Samples the system; returns the final states (predictor means), in the order of {@code components}. */
    public Tensor[] sample(List<Component> components, JointScore score, RandomStream rng) {
        if (components == null || components.isEmpty()) {
            throw new IllegalArgumentException("PredictorCorrector: no components");
        }
        int c = components.size();
        Tensor[] x = new Tensor[c];
        double[][] z = new double[c][];
        for (int k = 0; k < c; k++) {
            Component comp = components.get(k);
            int[] shape = comp.mask().shape();
            double[] init = new double[comp.mask().size()];
            comp.noise().fill(init, shape, rng);
            double[] m = comp.mask().data();
            double ps = comp.sde().priorStd();
            for (int i = 0; i < init.length; i++) {
                init[i] *= ps * m[i];
            }
            x[k] = Tensor.of(init, shape);
            z[k] = new double[init.length];
        }
        evaluations = 0;
        Tensor[] means = new Tensor[c];
        for (int i = 0; i < steps; i++) {
            double t = steps == 1 ? 1.0 : 1.0 - i * (1.0 - eps) / (steps - 1);
            for (int j = 0; j < correctorSteps; j++) {
                Tensor[] s = evaluate(score, x, t);
                for (int k = 0; k < c; k++) {
                    Component comp = components.get(k);
                    draw(comp, z[k], rng);
                    double[] xs = x[k].data();
                    double[] ss = s[k].data();
                    int batch = x[k].dim(0);
                    double gradNorm = meanNorm(ss, batch);
                    double noiseNorm = meanNorm(z[k], batch);
                    double step = gradNorm > 0
                            ? 2 * comp.sde().langevinAlpha(t, steps) * Math.pow(snr * noiseNorm / gradNorm, 2) : 0.0;
                    double amp = Math.sqrt(2 * step) * scaleEps;
                    double[] m = comp.mask().data();
                    for (int e = 0; e < xs.length; e++) {
                        xs[e] = (xs[e] + step * ss[e] + amp * z[k][e]) * m[e];
                    }
                }
            }
            Tensor[] s = evaluate(score, x, t);
            for (int k = 0; k < c; k++) {
                Component comp = components.get(k);
                draw(comp, z[k], rng);
                double a = comp.sde().discreteDecay(t, steps);
                double g = comp.sde().discreteNoise(t, steps);
                double[] xs = x[k].data();
                double[] ss = s[k].data();
                double[] m = comp.mask().data();
                double[] mean = new double[xs.length];
                for (int e = 0; e < xs.length; e++) {
                    mean[e] = ((2 - a) * xs[e] + g * g * ss[e]) * m[e];
                    xs[e] = (mean[e] + g * z[k][e]) * m[e];
                }
                means[k] = Tensor.of(mean, x[k].shape());
            }
        }
        return means;
    }

    private Tensor[] evaluate(JointScore score, Tensor[] x, double t) {
        Tensor[] views = new Tensor[x.length];
        for (int k = 0; k < x.length; k++) {
            views[k] = x[k].copy(); // the score function must not see (or change) the sampler's buffers
        }
        Tensor[] s = score.scores(views, t);
        evaluations++;
        if (s == null || s.length != x.length) {
            throw new IllegalArgumentException("PredictorCorrector: the score function must return " + x.length
                    + " scores, got " + (s == null ? "null" : s.length));
        }
        for (int k = 0; k < x.length; k++) {
            if (s[k] == null || !s[k].sameShape(x[k])) {
                throw new IllegalArgumentException("PredictorCorrector: score " + k + " has shape "
                        + (s[k] == null ? "null" : java.util.Arrays.toString(s[k].shape())) + ", the state "
                        + java.util.Arrays.toString(x[k].shape()));
            }
        }
        return s;
    }

    private static void draw(Component comp, double[] out, RandomStream rng) {
        comp.noise().fill(out, comp.mask().shape(), rng);
        double[] m = comp.mask().data();
        for (int e = 0; e < out.length; e++) {
            out[e] *= m[e];
        }
    }

    /** The per-sample Euclidean norm averaged over the leading axis. */
    private static double meanNorm(double[] v, int batch) {
        int per = v.length / batch;
        double total = 0;
        for (int b = 0; b < batch; b++) {
            double s = 0;
            for (int e = b * per; e < (b + 1) * per; e++) {
                s += v[e] * v[e];
            }
            total += Math.sqrt(s);
        }
        return total / batch;
    }

    /** Settings of a {@link PredictorCorrector}. */
    public static final class Builder {
        private int steps = 1000;
        private double snr = 0.05;
        private double scaleEps = 0.7;
        private int correctorSteps = 1;
        private double eps = 1e-3;

        private Builder() {}

        /** The number of grid points (predictor steps), at least 1. Default 1000. */
        public Builder steps(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("PredictorCorrector: steps must be at least 1, got " + steps);
            }
            this.steps = steps;
            return this;
        }

        /** The corrector's signal-to-noise ratio {@code r >= 0}. Default 0.05. */
        public Builder snr(double snr) {
            if (!(snr >= 0) || Double.isInfinite(snr)) {
                throw new IllegalArgumentException("PredictorCorrector: snr must be finite and >= 0, got " + snr);
            }
            this.snr = snr;
            return this;
        }

        /** The corrector's noise scale {@code λ >= 0}. Default 0.7. */
        public Builder scaleEps(double scaleEps) {
            if (!(scaleEps >= 0) || Double.isInfinite(scaleEps)) {
                throw new IllegalArgumentException("PredictorCorrector: scaleEps must be finite and >= 0, got "
                        + scaleEps);
            }
            this.scaleEps = scaleEps;
            return this;
        }

        /** Langevin steps before each predictor step, {@code >= 0} (0: predictor only). Default 1. */
        public Builder correctorSteps(int correctorSteps) {
            if (correctorSteps < 0) {
                throw new IllegalArgumentException("PredictorCorrector: correctorSteps must be >= 0, got "
                        + correctorSteps);
            }
            this.correctorSteps = correctorSteps;
            return this;
        }

        /** The last grid time {@code ε ∈ (0, 1)}. Default 1e-3. */
        public Builder eps(double eps) {
            if (!(eps > 0 && eps < 1)) {
                throw new IllegalArgumentException("PredictorCorrector: eps must lie in (0, 1), got " + eps);
            }
            this.eps = eps;
            return this;
        }

        /** The sampler. */
        public PredictorCorrector build() {
            return new PredictorCorrector(this);
        }
    }
}
