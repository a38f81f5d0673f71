package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import java.util.Arrays;

/**
 * {@code median}: the coordinate-wise median (Yin et al. 2018). For an even number of messages it is the mean of
 * the two middle values, as {@code torch.quantile(0.5)} in the reference code of MoNNA.
 */
public final class CoordinateMedian extends Configured<CoordinateMedian> implements Aggregator {

    /** Spec: {@code median}. */
    public static final Descriptor<CoordinateMedian> SPEC = Descriptor.component("median", "aggregator",
                    CoordinateMedian::new)
            .summary("coordinate-wise median (mean of the middle two for an even count)")
            .reference("Yin et al. 2018, Byzantine-Robust Distributed Learning: Towards Optimal Statistical Rates")
            .build();

    /** From validated settings. */
    public CoordinateMedian(Hyperparams hp) {
        super(hp);
    }

    @Override
    public void aggregate(double[][] messages, OptState state, double[] out) {
        int d = Vectors.requireRows("median", messages);
        int n = messages.length;
        double[] column = new double[n];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = messages[i][j];
            }
            Arrays.sort(column);
            out[j] = n % 2 == 1 ? column[n / 2] : 0.5 * (column[n / 2 - 1] + column[n / 2]);
        }
    }
}
