package dev.gradus.zeroth.estimate;

import dev.gradus.tensor.RandomStream;
import dev.gradus.zeroth.ZigguratNormal;

/** Random search directions with {@code E[ξ ξᵀ] = I}: Gaussian, or uniform on the sphere of radius √D. */
final class Directions {
    private Directions() {}

    /**
     * The estimate's stream for its {@code count}-th estimate: the step's stream forked by the count, so that a caller
     * that hands the same stream to every step (a fixed-seed loop) still gets fresh directions each step, and a
     * resumed run (same step stream, same count) draws the same ones.
     */
    static RandomStream stream(dev.gradus.optim.StepContext ctx, long count) {
        return ctx.random().fork("estimate " + count);
    }

    /** Fills {@code xi} with one direction. */
    static void draw(RandomStream rng, double[] xi, boolean sphere) {
        ZigguratNormal.fill(rng, xi);
        if (!sphere) {
            return;
        }
        double sq = 0;
        for (double v : xi) {
            sq += v * v;
        }
        double scale = Math.sqrt(xi.length / sq);
        for (int i = 0; i < xi.length; i++) {
            xi[i] *= scale;
        }
    }
}
