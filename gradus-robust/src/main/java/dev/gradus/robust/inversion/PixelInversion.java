package dev.gradus.robust.inversion;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * The pixel-space attack: minimise the gradient-matching objective R(x) over the inputs themselves, from uniform noise
 * in the box, clipping to the box after each Adam step. With {@link GradientDistance#L2} and no prior it is DLG with
 * known labels (iDLG); with {@link GradientDistance#COSINE} and the TV prior, Inverting Gradients (Geiping, Bauermeister,
 * Droege &amp; Moeller, NeurIPS 2020, arXiv:2003.14053), here with plain rather than signed Adam steps.
 */
public final class PixelInversion {
    private PixelInversion() {}

    /** A reconstruction of {@code shape} inputs in {@code [lo, hi]} against {@code matching}. */
    public static ProjectedAdam.Result run(GradientMatching matching, int[] shape, double lo, double hi, int iterations,
            double lr, RandomStream rng) {
        Tensor start = Tensor.uniform(rng, lo, hi, shape);
        return ProjectedAdam.minimize(start, matching::objective, iterations, lr, v -> {
            double[] d = v.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = d[i] < lo ? lo : d[i] > hi ? hi : d[i];
            }
        });
    }
}
