package dev.gradus.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.RandomStream;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties every robust rule must have: coordinate-wise rules do not depend on the order of the messages; all
 * rules return a message when every worker sent the same one; Krum returns one of the messages; robust rules stay
 * within the honest messages' coordinate range when fewer than f of them are replaced by huge outliers.
 */
class AggregatorPropertiesTest {
    private static final String[] ALL = {"mean", "median", "trimmed_mean(f=1)", "krum(f=1)", "krum(f=1, m=2)",
        "geometric_median", "nnm(f=1, of=median)", "centered_clipping(tau=1000)"};
    private static final String[] ROBUST = {"median", "trimmed_mean(f=1)", "krum(f=1)", "nnm(f=1, of=median)",
        "geometric_median"};

    private static double[][] messages(long seed, int n, int d) {
        RandomStream r = RandomStream.of(seed);
        double[][] m = new double[n][d];
        for (double[] row : m) {
            r.fillNormal(row);
        }
        return m;
    }

    private static double[] apply(String spec, double[][] m) {
        Aggregator a = Aggregator.AGGREGATORS.parse(spec);
        double[] out = new double[m[0].length];
        a.aggregate(m, a.init(m[0].length), out);
        return out;
    }

    @Property(tries = 100, seed = "20261202")
    void coordinateWiseRulesIgnoreTheOrderOfMessages(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 5, max = 9) int n) {
        double[][] m = messages(seed, n, 4);
        double[][] reversed = new double[n][];
        for (int i = 0; i < n; i++) {
            reversed[i] = m[n - 1 - i];
        }
        for (String spec : new String[] {"median", "trimmed_mean(f=1)"}) {
            assertThat(apply(spec, reversed)).as(spec).containsExactly(apply(spec, m));
        }
    }

    @Property(tries = 50, seed = "20261202")
    void identicalMessagesAggregateToThatMessage(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        double[] v = messages(seed, 1, 5)[0];
        double[][] m = new double[6][];
        Arrays.fill(m, v);
        for (String spec : ALL) {
            assertThat(apply(spec, m)).as(spec).usingComparatorWithPrecision(1e-12).containsExactly(v);
        }
    }

    @Property(tries = 100, seed = "20261202")
    void krumReturnsOneOfTheMessages(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 4, max = 9) int n) {
        double[][] m = messages(seed, n, 3);
        double[] k = apply("krum(f=1)", m);
        assertThat(Arrays.stream(m).anyMatch(row -> Arrays.equals(row, k))).isTrue();
    }

    @Property(tries = 100, seed = "20261202")
    void robustRulesStayInTheHonestRangeUnderOneOutlier(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 5, max = 9) int n) {
        double[][] m = messages(seed, n, 3);
        double[] lo = new double[3];
        double[] hi = new double[3];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n - 1; i++) {
            for (int j = 0; j < 3; j++) {
                lo[j] = Math.min(lo[j], m[i][j]);
                hi[j] = Math.max(hi[j], m[i][j]);
            }
        }
        Arrays.fill(m[n - 1], 1e6);
        for (String spec : ROBUST) {
            double[] out = apply(spec, m);
            for (int j = 0; j < 3; j++) {
                // the geometric median moves towards an outlier by a bounded amount; allow a small margin for it
                double margin = spec.equals("geometric_median") ? 1.0 : 1e-12;
                assertThat(out[j]).as(spec + " coordinate " + j).isBetween(lo[j] - margin, hi[j] + margin);
            }
        }
        assertThat(apply("mean", m)[0]).as("the mean is not robust").isGreaterThan(1e5 / n);
    }
}
