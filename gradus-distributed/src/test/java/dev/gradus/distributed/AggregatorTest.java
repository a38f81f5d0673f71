package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each aggregator against its definition on small hand-checked inputs. */
class AggregatorTest {
    private static final double[][] FIVE = {{1, 10}, {2, 20}, {3, 30}, {4, 40}, {100, -100}};

    private static double[] apply(String spec, double[][] m) {
        Aggregator a = Aggregator.AGGREGATORS.parse(spec);
        double[] out = new double[m[0].length];
        a.aggregate(m, a.init(m[0].length), out);
        return out;
    }

    @Test
    void meanMedianAndTrimmedMean() {
        assertThat(apply("mean", FIVE)).containsExactly(22, 0);
        assertThat(apply("median", FIVE)).containsExactly(3, 20);
        assertThat(apply("median", new double[][] {{1}, {2}, {4}, {8}})).containsExactly(3);
        assertThat(apply("trimmed_mean(f=1)", FIVE)).containsExactly(3, 20);
        assertThat(apply("trimmed_mean(f=0)", FIVE)).containsExactly(apply("mean", FIVE));
        assertThatThrownBy(() -> apply("trimmed_mean(f=3)", FIVE)).hasMessageContaining("need 2f < n");
    }

    @Test
    void krumPicksTheMessageClosestToItsNeighbours() {
        double[][] line = {{0}, {1}, {3}, {6}, {100}};
        // n=5, f=1: squared distances to the 2 nearest give scores 10, 5, 13, 34, huge.
        assertThat(apply("krum(f=1)", line)).containsExactly(1);
        assertThat(apply("krum(f=1, m=3)", line)).containsExactly(4.0 / 3);
        // lpd: unsquared, 3 nearest: 10, 8, 8, ... -> the tie goes to the lower index
        assertThat(apply("krum(f=1, variant=lpd)", line)).containsExactly(1);
        assertThatThrownBy(() -> apply("krum(f=3)", FIVE)).hasMessageContaining("need n > f + 2");
    }

    @Test
    void geometricMedianResistsAnOutlierAndMatchesTheMedianOnALine() {
        double[] gm = apply("geometric_median", new double[][] {{0}, {1}, {2}, {3}, {1000}});
        assertThat(gm[0]).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-5));
        double[] sq = apply("geometric_median(iterations=1000)", new double[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}});
        assertThat(sq[0]).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(sq[1]).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void centeredClippingMovesAtMostTauPerMessageAndRemembersItsCenter() {
        Aggregator cc = Aggregator.AGGREGATORS.parse("centered_clipping(tau=1.0)");
        OptState s = cc.init(1);
        double[] out = new double[1];
        cc.aggregate(new double[][] {{0.5}, {0.5}, {100}}, s, out);
        assertThat(out[0]).isCloseTo((0.5 + 0.5 + 1.0) / 3, org.assertj.core.data.Offset.offset(1e-15));
        double first = out[0];
        cc.aggregate(new double[][] {{first}, {first}, {first}}, s, out);
        assertThat(out[0]).isEqualTo(first);
        assertThat(((CenteredClipping.State) s).center().data()).containsExactly(first);
    }

    @Test
    void nearestNeighbourMixingAveragesTheClosestMessages() {
        double[][] m = {{0}, {1}, {2}, {100}};
        // f=1: each message becomes the mean of its 3 nearest: 1, 1, 1, (1+2+100)/3; then the median of those.
        assertThat(apply("nnm(f=1, of=median)", m)).containsExactly(1);
        assertThat(apply("nnm(f=1)", m)[0]).isCloseTo((3 + 103.0 / 3) / 4, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void majorityVoteTakesTheSignOfTheSumOfSigns() {
        assertThat(apply("majority_vote", new double[][] {{1, -1, 3}, {-2, -1, 0.1}, {0.5, 2, -1}, {1, -1, -1}}))
                .containsExactly(1, -1, 0);
    }
}
