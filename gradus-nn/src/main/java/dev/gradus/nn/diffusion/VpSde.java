package dev.gradus.nn.diffusion;

/**
 * The variance-preserving SDE {@code dx = −½ β(t) x dt + √β(t) dW}, {@code β(t) = β_min + t (β_max − β_min)}
 * (DDPM's continuous limit; Song et al., 2021):
 * <pre>
 *   m(t) = exp(−¼ t² (β_max − β_min) − ½ t β_min),   s(t) = √(1 − m(t)²),   prior N(0, I)
 *   discrete: β_i = β(t) / steps,   a_i = √(1 − β_i),   G_i = √β_i,   α_i = 1 − β_i
 * </pre>
 * GDSS uses {@code β_min = 0.1}, {@code β_max = 1.0} for both features and adjacency on community-small.
 */
public final class VpSde implements Sde {
    private final double betaMin;
    private final double betaMax;

    /** {@code β(t)} from {@code betaMin} to {@code betaMax}, both {@code > 0}. */
    public VpSde(double betaMin, double betaMax) {
        if (!(betaMin > 0) || !(betaMax >= betaMin) || Double.isInfinite(betaMax)) {
            throw new IllegalArgumentException("VpSde: need 0 < betaMin <= betaMax < inf, got " + betaMin + ", "
                    + betaMax);
        }
        this.betaMin = betaMin;
        this.betaMax = betaMax;
    }

    private double beta(double t) {
        return betaMin + t * (betaMax - betaMin);
    }

    @Override
    public double meanCoefficient(double t) {
        return Math.exp(-0.25 * t * t * (betaMax - betaMin) - 0.5 * t * betaMin);
    }

    @Override
    public double std(double t) {
        double m = meanCoefficient(t);
        return Math.sqrt(1 - m * m);
    }

    @Override
    public double priorStd() {
        return 1.0;
    }

    @Override
    public double discreteDecay(double t, int steps) {
        return Math.sqrt(1 - beta(t) / steps);
    }

    @Override
    public double discreteNoise(double t, int steps) {
        return Math.sqrt(beta(t) / steps);
    }

    @Override
    public double langevinAlpha(double t, int steps) {
        return 1 - beta(t) / steps;
    }

    @Override
    public String toString() {
        return "VP(beta " + betaMin + ".." + betaMax + ")";
    }
}
