package dev.gradus.nn.diffusion;

/**
 * The variance-exploding SDE {@code dx = √(d σ²(t)/dt) dW}, {@code σ(t) = σ_min (σ_max/σ_min)^t} (SMLD's
 * continuous limit; Song et al., 2021):
 * <pre>
 *   m(t) = 1,   s(t) = σ(t),   prior N(0, σ_max² I)
 *   discrete: a_i = 1,   G_i = √(σ(t)² − σ(t − 1/steps)²)  (σ(t − 1/steps) taken as 0 below t = 1/steps),   α_i = 1
 * </pre>
 * (The transition variance is {@code σ(t)²} rather than {@code σ(t)² − σ(0)²}, Song et al.'s convention.)
 */
public final class VeSde implements Sde {
    private final double sigmaMin;
    private final double sigmaMax;

    /** {@code σ(t)} from {@code sigmaMin} to {@code sigmaMax}, {@code 0 < sigmaMin <= sigmaMax}. */
    public VeSde(double sigmaMin, double sigmaMax) {
        if (!(sigmaMin > 0) || !(sigmaMax >= sigmaMin) || Double.isInfinite(sigmaMax)) {
            throw new IllegalArgumentException("VeSde: need 0 < sigmaMin <= sigmaMax < inf, got " + sigmaMin + ", "
                    + sigmaMax);
        }
        this.sigmaMin = sigmaMin;
        this.sigmaMax = sigmaMax;
    }

    private double sigma(double t) {
        return sigmaMin * Math.pow(sigmaMax / sigmaMin, t);
    }

    @Override
    public double meanCoefficient(double t) {
        return 1.0;
    }

    @Override
    public double std(double t) {
        return sigma(t);
    }

    @Override
    public double priorStd() {
        return sigmaMax;
    }

    @Override
    public double discreteDecay(double t, int steps) {
        return 1.0;
    }

    @Override
    public double discreteNoise(double t, int steps) {
        double s = sigma(t);
        double prev = t - 1.0 / steps > 0 ? sigma(t - 1.0 / steps) : 0.0;
        return Math.sqrt(s * s - prev * prev);
    }

    @Override
    public double langevinAlpha(double t, int steps) {
        return 1.0;
    }

    @Override
    public String toString() {
        return "VE(sigma " + sigmaMin + ".." + sigmaMax + ")";
    }
}
