package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import java.util.List;

/**
 * {@code krum(f=1, m=1, variant="paper")}: Krum and Multi-Krum (Blanchard et al. 2017). With {@code n} messages:
 * <pre>
 *   score(i) = sum over the n - f - 2 nearest j != i of ||x_i - x_j||^2
 *   output   = the mean of the m messages of lowest score (m = 1: Krum)
 * </pre>
 * Ties go to the lower worker index; non-finite distances count as infinite. {@code variant="lpd"} is the MoNNA
 * reference code's form ({@code aggregators/krum.py}): unsquared distances and the {@code n - f - 1} nearest.
 */
public final class Krum extends Configured<Krum> implements Aggregator {

    /** Spec: {@code krum(f=1, m=1, variant="paper")}. */
    public static final Descriptor<Krum> SPEC = Descriptor.component("krum", "aggregator", Krum::new)
            .summary("the message(s) closest to their n-f-2 nearest neighbours (Krum, Multi-Krum)")
            .reference("Blanchard et al. 2017, Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent")
            .param(Param.integer("f", 1L, "Byzantine workers tolerated").range(Range.atLeast(0)))
            .param(Param.integer("m", 1L, "messages averaged (1: Krum, more: Multi-Krum)").range(Range.atLeast(1)))
            .param(Param.choice("variant", "paper", List.of("paper", "lpd"),
                    "paper: squared distances, n-f-2 neighbours; lpd: unsquared, n-f-1"))
            .build();

    /** From validated settings. */
    public Krum(Hyperparams hp) {
        super(hp);
    }

    @Override
    public void aggregate(double[][] messages, OptState state, double[] out) {
        Vectors.requireRows("krum", messages);
        int n = messages.length;
        int f = Math.toIntExact(hp.integer("f"));
        int m = Math.toIntExact(hp.integer("m"));
        boolean paper = hp.string("variant").equals("paper");
        int neighbours = n - f - (paper ? 2 : 1);
        if (neighbours < 1) {
            throw new IllegalArgumentException("krum: f=" + f + " leaves no neighbours among " + n
                    + " messages; need n > f + " + (paper ? 2 : 1));
        }
        if (m > n - f) {
            throw new IllegalArgumentException("krum: m=" + m + " must be at most n - f = " + (n - f));
        }
        double[][] dist = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = Vectors.squaredDistance(messages[i], messages[j]);
                double v = paper ? s : Math.sqrt(s);
                v = Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
                dist[i][j] = v;
                dist[j][i] = v;
            }
        }
        double[] scores = new double[n];
        double[] row = new double[n - 1];
        for (int i = 0; i < n; i++) {
            int at = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    row[at++] = dist[i][j];
                }
            }
            java.util.Arrays.sort(row);
            double s = 0;
            for (int k = 0; k < neighbours; k++) {
                s += row[k];
            }
            scores[i] = s;
        }
        Vectors.meanOf(messages, Vectors.argsort(scores), m, out);
    }
}
