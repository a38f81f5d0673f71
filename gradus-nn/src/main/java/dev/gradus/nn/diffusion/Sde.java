package dev.gradus.nn.diffusion;

import dev.gradus.tensor.Tensor;

/**
 * A forward diffusion SDE {@code dx = f(x, t) dt + g(t) dW} on {@code t ∈ [0, 1]} with a linear drift, so its
 * transition kernel is Gaussian:
 * <pre>
 *   x_t = m(t) x_0 + s(t) z,   z ~ N(0, I)
 * </pre>
 * and its discretisation into {@code steps} steps (Song et al., 2021, Appendix) is
 * {@code x_{i+1} = a_i x_i + G_i z_i}. The reverse-diffusion predictor and the Langevin corrector of
 * {@link PredictorCorrector} read {@code a_i}, {@code G_i} and the corrector's {@code α_i} from here.
 */
public interface Sde {
    /** {@code m(t)}, the mean coefficient of {@code x_t} given {@code x_0}. */
    double meanCoefficient(double t);

    /** {@code s(t)}, the standard deviation of {@code x_t} given {@code x_0}. */
    double std(double t);

    /** The standard deviation of the prior {@code p_1} the sampler starts from (mean zero). */
    double priorStd();

    /** {@code a_i} of the discrete forward step at time {@code t} of a {@code steps}-step grid. */
    double discreteDecay(double t, int steps);

    /** {@code G_i} of the discrete forward step at time {@code t} of a {@code steps}-step grid. */
    double discreteNoise(double t, int steps);

    /** The Langevin corrector's {@code α_i} at time {@code t} (Song et al.: {@code 1 − β_i} for VP, 1 for VE). */
    double langevinAlpha(double t, int steps);

    /**
     * {@code m(t_b) x_0 + s(t_b) z} for each leading-dimension slice {@code b} of {@code x0}, with its own time
     * {@code t_b}: the perturbed input of denoising score matching.
     */
    default Tensor perturb(Tensor x0, double[] times, Tensor z) {
        if (!x0.sameShape(z) || x0.rank() < 1 || x0.dim(0) != times.length) {
            throw new IllegalArgumentException("Sde.perturb: x0 " + java.util.Arrays.toString(x0.shape())
                    + " and noise " + java.util.Arrays.toString(z.shape()) + " must match, with one time per slice ("
                    + times.length + " given)");
        }
        double[] x = x0.data();
        double[] e = z.data();
        double[] out = new double[x.length];
        int per = x.length / times.length;
        for (int b = 0; b < times.length; b++) {
            double m = meanCoefficient(times[b]);
            double s = std(times[b]);
            for (int k = b * per; k < (b + 1) * per; k++) {
                out[k] = m * x[k] + s * e[k];
            }
        }
        return Tensor.of(out, x0.shape());
    }
}
