package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import java.util.Arrays;

/**
 * {@code trimmed_mean(f=1)}: the coordinate-wise trimmed mean (Yin et al. 2018): per coordinate, drop the
 * {@code f} smallest and {@code f} largest values and average the rest; {@code f = 0} is the mean.
 */
public final class TrimmedMean extends Configured<TrimmedMean> implements Aggregator {

    /** Spec: {@code trimmed_mean(f=1)}. */
    public static final Descriptor<TrimmedMean> SPEC = Descriptor.component("trimmed_mean", "aggregator",
                    TrimmedMean::new)
            .summary("coordinate-wise mean without the f smallest and f largest values")
            .reference("Yin et al. 2018, Byzantine-Robust Distributed Learning: Towards Optimal Statistical Rates")
            .param(Param.integer("f", 1L, "values trimmed at each end").range(Range.atLeast(0)))
            .build();

    /** From validated settings. */
    public TrimmedMean(Hyperparams hp) {
        super(hp);
    }

    @Override
    public void aggregate(double[][] messages, OptState state, double[] out) {
        int d = Vectors.requireRows("trimmed_mean", messages);
        int n = messages.length;
        int f = Math.toIntExact(hp.integer("f"));
        if (2 * f >= n) {
            throw new IllegalArgumentException("trimmed_mean: f=" + f + " trims every one of the " + n
                    + " messages; need 2f < n");
        }
        double[] column = new double[n];
        double inv = 1.0 / (n - 2 * f);
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = messages[i][j];
            }
            Arrays.sort(column);
            double s = 0;
            for (int i = f; i < n - f; i++) {
                s += column[i];
            }
            out[j] = s * inv;
        }
    }
}
