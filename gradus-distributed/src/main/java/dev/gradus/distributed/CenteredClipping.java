package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.Tensor;

/**
 * {@code centered_clipping(tau=2.0, iterations=1)}: centered clipping (Karimireddy, He and Jaggi 2021,
 * Learning from History for Byzantine Robust Optimization, eq. (CC)): starting from the previous round's
 * aggregate {@code v} (zero at first),
 * <pre>
 *   repeat iterations times:  v = v + (1/n) sum_i (x_i - v) min(1, tau / ||x_i - v||)
 * </pre>
 * The previous aggregate is this aggregator's state (so it is checkpointed). The MoNNA reference runs use
 * {@code tau = 2} with worker momentum 0.9.
 */
public final class CenteredClipping extends Configured<CenteredClipping> implements Aggregator {

    /** Spec: {@code centered_clipping(tau=2.0, iterations=1)}. */
    public static final Descriptor<CenteredClipping> SPEC = Descriptor.component("centered_clipping", "aggregator",
                    CenteredClipping::new)
            .summary("clip each message's distance to the previous aggregate, then average")
            .reference("Karimireddy, He & Jaggi 2021, Learning from History for Byzantine Robust Optimization")
            .param(Param.number("tau", 2.0, "clipping radius").range(Range.greaterThan(0)))
            .param(Param.integer("iterations", 1L, "clipping iterations").range(Range.atLeast(1)))
            .build();

    /**
     * The previous aggregate.
     *
     * @param center the last round's output, {@code [d]}
     */
    public record State(Tensor center) implements OptState {}

    /** From validated settings. */
    public CenteredClipping(Hyperparams hp) {
        super(hp);
    }

    @Override
    public State init(int dimension) {
        return new State(Tensor.zeros(dimension));
    }

    @Override
    public void aggregate(double[][] messages, OptState state, double[] out) {
        int d = Vectors.requireRows("centered_clipping", messages);
        Tensor center = ((State) state).center();
        double[] v = center.data();
        double tau = hp.number("tau");
        double inv = 1.0 / messages.length;
        double[] step = new double[d];
        for (int it = 0; it < hp.integer("iterations"); it++) {
            java.util.Arrays.fill(step, 0.0);
            for (double[] x : messages) {
                double dist = Math.sqrt(Vectors.squaredDistance(x, v));
                double c = dist > tau ? tau / dist : 1.0;
                for (int j = 0; j < d; j++) {
                    step[j] += (x[j] - v[j]) * c;
                }
            }
            for (int j = 0; j < d; j++) {
                v[j] += step[j] * inv;
            }
        }
        center.markModified();
        System.arraycopy(v, 0, out, 0, d);
    }
}
