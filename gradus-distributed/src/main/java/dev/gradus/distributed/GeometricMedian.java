package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;

/**
 * {@code geometric_median(iterations=100, nu=1e-6, tol=1e-10)}: the geometric median
 * {@code argmin_z sum_i ||z - x_i||} by the smoothed Weiszfeld iteration of RFA (Pillutla et al. 2022), started at
 * the mean:
 * <pre>
 *   w_i = 1 / max(nu, ||z - x_i||);   z = sum_i w_i x_i / sum_i w_i
 * </pre>
 * until {@code z} moves by less than {@code tol * (1 + ||z||)} or after {@code iterations}.
 */
public final class GeometricMedian extends Configured<GeometricMedian> implements Aggregator {

    /** Spec: {@code geometric_median(iterations=100, nu=1e-6, tol=1e-10)}. */
    public static final Descriptor<GeometricMedian> SPEC = Descriptor.component("geometric_median", "aggregator",
                    GeometricMedian::new)
            .summary("geometric median by smoothed Weiszfeld iterations (RFA)")
            .reference("Pillutla, Kakade & Harchaoui 2022, Robust Aggregation for Federated Learning")
            .param(Param.integer("iterations", 100L, "Weiszfeld iterations at most").range(Range.atLeast(1)))
            .param(Param.number("nu", 1e-6, "smoothing: the smallest distance used").range(Range.greaterThan(0)))
            .param(Param.number("tol", 1e-10, "relative movement that stops the iteration").range(Range.atLeast(0)))
            .build();

    /** From validated settings. */
    public GeometricMedian(Hyperparams hp) {
        super(hp);
    }

    @Override
    public void aggregate(double[][] messages, OptState state, double[] out) {
        int d = Vectors.requireRows("geometric_median", messages);
        Vectors.mean(messages, out);
        double nu = hp.number("nu");
        double tol = hp.number("tol");
        double[] next = new double[d];
        for (int it = 0; it < hp.integer("iterations"); it++) {
            java.util.Arrays.fill(next, 0.0);
            double wsum = 0;
            for (double[] x : messages) {
                double w = 1.0 / Math.max(nu, Math.sqrt(Vectors.squaredDistance(out, x)));
                wsum += w;
                for (int j = 0; j < d; j++) {
                    next[j] += w * x[j];
                }
            }
            double moved = 0;
            for (int j = 0; j < d; j++) {
                next[j] /= wsum;
                double delta = next[j] - out[j];
                moved += delta * delta;
            }
            System.arraycopy(next, 0, out, 0, d);
            if (Math.sqrt(moved) <= tol * (1 + Vectors.norm(out))) {
                break;
            }
        }
    }
}
