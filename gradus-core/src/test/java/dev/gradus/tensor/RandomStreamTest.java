package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RandomStreamTest {
    private static final int N = 100_000;

    private static long[] longs(RandomStream r, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextLong();
        }
        return out;
    }

    @Test
    void sameSeedGivesTheSameBits() {
        RandomStream a = RandomStream.of(42), b = RandomStream.of(42);
        for (int i = 0; i < 1000; i++) {
            assertThat(Double.doubleToRawLongBits(a.normal())).isEqualTo(Double.doubleToRawLongBits(b.normal()));
            assertThat(a.uniform()).isEqualTo(b.uniform());
            assertThat(a.nextInt(1000)).isEqualTo(b.nextInt(1000));
        }
        assertThat(longs(RandomStream.of(43), 10)).isNotEqualTo(longs(RandomStream.of(42), 10));
    }

    @Test
    void matchesSplitMix64AsImplementedByTheJdk() {
        // java.util.SplittableRandom is the same algorithm: an independent reference for the bits.
        for (long seed : new long[] {0, 1, -7, 42, Long.MAX_VALUE}) {
            RandomStream ours = RandomStream.of(seed);
            SplittableRandom jdk = new SplittableRandom(seed);
            for (int i = 0; i < 100; i++) {
                assertThat(ours.nextLong()).isEqualTo(jdk.nextLong());
            }
            assertThat(ours.uniform()).isEqualTo(jdk.nextDouble());
            RandomStream child = ours.split();
            SplittableRandom jdkChild = jdk.split();
            for (int i = 0; i < 100; i++) {
                assertThat(child.nextLong()).isEqualTo(jdkChild.nextLong());
                assertThat(ours.nextLong()).isEqualTo(jdk.nextLong());
            }
        }
    }

    /** The first well-known SplitMix64 outputs for seed 0 (as in the reference C code by Vigna). */
    @Test
    void firstOutputsForSeedZero() {
        RandomStream r = RandomStream.of(0);
        assertThat(r.nextLong()).isEqualTo(0xe220a8397b1dcdafL);
        assertThat(r.nextLong()).isEqualTo(0x6e789e6aa1b965f4L);
        assertThat(r.nextLong()).isEqualTo(0x06c45d188009454fL);
    }

    @Test
    void stateRoundTripsExactly() {
        RandomStream r = RandomStream.of(7);
        r.split();
        RandomStream child = r.fork("dropout");
        child.normal();
        long[] state = child.state();
        long[] expected = longs(child, 50);
        RandomStream restored = RandomStream.fromState(state);
        assertThat(longs(restored, 50)).isEqualTo(expected);
        assertThat(restored.state()).isEqualTo(child.state());
        state[0] = 0; // state() hands out a copy
        assertThat(child.state()[0]).isNotZero();
    }

    @Test
    void fromStateRefusesMalformedState() {
        String msg = "RandomStream.fromState: expected 2 longs with an odd gamma";
        assertThatThrownBy(() -> RandomStream.fromState(null)).hasMessage(msg);
        assertThatThrownBy(() -> RandomStream.fromState(new long[] {1})).hasMessage(msg);
        assertThatThrownBy(() -> RandomStream.fromState(new long[] {1, 2})).hasMessage(msg);
        assertThatThrownBy(() -> RandomStream.fromState(new long[] {1, 3, 5})).hasMessage(msg);
    }

    @Test
    void copyIsIndependent() {
        RandomStream r = RandomStream.of(5);
        RandomStream c = r.copy();
        long[] fromCopy = longs(c, 20);
        assertThat(longs(r, 20)).isEqualTo(fromCopy);
        c.nextLong();
        assertThat(c.state()).isNotEqualTo(r.state());
    }

    @Test
    void splitIsDeterministicAdvancesTheParentAndGivesADifferentStream() {
        RandomStream a = RandomStream.of(9), b = RandomStream.of(9);
        RandomStream ca = a.split(), cb = b.split();
        assertThat(longs(ca, 20)).isEqualTo(longs(cb, 20));
        assertThat(a.state()).isNotEqualTo(RandomStream.of(9).state());
        RandomStream parent = RandomStream.of(9);
        RandomStream child = parent.split();
        assertThat(child.state()[1]).as("a child gets its own gamma").isNotEqualTo(parent.state()[1]);
        assertThat(uncorrelated(parent, child)).isLessThan(0.02);
        RandomStream second = parent.split();
        assertThat(uncorrelated(child, second)).isLessThan(0.02);
    }

    @Test
    void forkDoesNotAdvanceTheParentAndDependsOnNameAndPosition() {
        RandomStream r = RandomStream.of(11);
        long[] before = r.state();
        RandomStream data = r.fork("data");
        assertThat(r.state()).isEqualTo(before);
        assertThat(longs(r.fork("data"), 20)).isEqualTo(longs(data.copy(), 20));
        assertThat(longs(r.fork("data"), 5)).isNotEqualTo(longs(r.fork("dropout"), 5));
        assertThat(longs(r.fork("ab"), 5)).isNotEqualTo(longs(r.fork("ba"), 5));
        assertThat(longs(r.fork(""), 5)).isNotEqualTo(longs(r.copy(), 5));
        RandomStream advanced = r.copy();
        advanced.nextLong();
        assertThat(longs(advanced.fork("data"), 5)).isNotEqualTo(longs(r.fork("data"), 5));
        assertThat(uncorrelated(r.fork("data"), r.fork("noise"))).isLessThan(0.02);
        assertThat(uncorrelated(r.fork("data"), r.copy())).isLessThan(0.02);
    }

    /** |Pearson correlation| of N paired uniforms; about 1/sqrt(N) = 0.003 for independent streams. */
    private static double uncorrelated(RandomStream x, RandomStream y) {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < N; i++) {
            double u = x.uniform(), v = y.uniform();
            sx += u;
            sy += v;
            sxx += u * u;
            syy += v * v;
            sxy += u * v;
        }
        double cov = sxy / N - (sx / N) * (sy / N);
        double vx = sxx / N - (sx / N) * (sx / N), vy = syy / N - (sy / N) * (sy / N);
        return Math.abs(cov / Math.sqrt(vx * vy));
    }

    @Test
    void uniformHasTheRightMomentsAndRange() {
        RandomStream r = RandomStream.of(2024);
        double sum = 0, sumSq = 0;
        for (int i = 0; i < N; i++) {
            double u = r.uniform();
            assertThat(u).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            sum += u;
            sumSq += u * u;
        }
        double mean = sum / N, var = sumSq / N - mean * mean;
        assertThat(mean).isCloseTo(0.5, within(5 * Math.sqrt(1.0 / 12 / N)));
        assertThat(var).isCloseTo(1.0 / 12, within(0.002));
        for (int i = 0; i < 1000; i++) {
            assertThat(r.uniform(-3, 2)).isGreaterThanOrEqualTo(-3.0).isLessThan(2.0);
        }
    }

    @Test
    void normalHasTheRightMomentsAndTails() {
        RandomStream r = RandomStream.of(2025);
        double sum = 0, sumSq = 0, sum4 = 0;
        int withinOneSigma = 0;
        for (int i = 0; i < N; i++) {
            double z = r.normal();
            sum += z;
            sumSq += z * z;
            sum4 += z * z * z * z;
            if (Math.abs(z) < 1) {
                withinOneSigma++;
            }
        }
        double mean = sum / N, var = sumSq / N - mean * mean;
        assertThat(mean).isCloseTo(0.0, within(5 / Math.sqrt(N)));
        assertThat(var).isCloseTo(1.0, within(5 * Math.sqrt(2.0 / N)));
        assertThat(sum4 / N).as("kurtosis").isCloseTo(3.0, within(0.1));
        assertThat(withinOneSigma / (double) N).isCloseTo(0.6827, within(0.01));
        double s2 = 0;
        for (int i = 0; i < N; i++) {
            s2 += r.normal(10, 3);
        }
        assertThat(s2 / N).isCloseTo(10.0, within(5 * 3 / Math.sqrt(N)));
    }

    @Test
    void fillsEqualSequentialDraws() {
        double[] a = new double[100], b = new double[100];
        RandomStream.of(3).fillNormal(a);
        RandomStream r = RandomStream.of(3);
        for (int i = 0; i < b.length; i++) {
            b[i] = r.normal();
        }
        assertThat(a).isEqualTo(b);
        RandomStream.of(4).fillUniform(a, 2, 5);
        r = RandomStream.of(4);
        for (int i = 0; i < b.length; i++) {
            b[i] = r.uniform(2, 5);
        }
        assertThat(a).isEqualTo(b);
    }

    @Test
    void nextIntIsUniformOverItsRange() {
        RandomStream r = RandomStream.of(77);
        int bound = 10;
        int[] counts = new int[bound];
        for (int i = 0; i < N; i++) {
            counts[r.nextInt(bound)]++;
        }
        double chi2 = 0, expected = N / (double) bound;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertThat(chi2).as("chi-square, 9 degrees of freedom (99.9%% quantile 27.9)").isLessThan(27.9);
        assertThat(r.nextInt(1)).isZero();
        for (int i = 0; i < 1000; i++) {
            assertThat(r.nextInt(Integer.MAX_VALUE)).isNotNegative();
            assertThat(r.nextInt(3)).isBetween(0, 2);
        }
        assertThatThrownBy(() -> r.nextInt(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nextInt: bound must be positive, got 0");
    }

    @Test
    void bernoulliHasTheRightFrequency() {
        RandomStream r = RandomStream.of(8);
        int hits = 0;
        for (int i = 0; i < N; i++) {
            if (r.bernoulli(0.3)) {
                hits++;
            }
            assertThat(r.bernoulli(0.0)).isFalse();
            assertThat(r.bernoulli(1.0)).isTrue();
        }
        assertThat(hits / (double) N).isCloseTo(0.3, within(5 * Math.sqrt(0.21 / N)));
        assertThatThrownBy(() -> r.bernoulli(1.5)).hasMessage("bernoulli: p must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> r.bernoulli(Double.NaN)).hasMessage("bernoulli: p must be in [0, 1], got NaN");
    }

    @Property(tries = 50, seed = "31337")
    void permutationsAreValid(@ForAll long seed, @ForAll @IntRange(min = 0, max = 200) int n) {
        int[] p = RandomStream.of(seed).permutation(n);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        assertThat(RandomStream.of(seed).permutation(n)).isEqualTo(p);
    }

    @Test
    void permutationsOfThreeAreEquallyLikely() {
        RandomStream r = RandomStream.of(123);
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        int draws = 60_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(Arrays.toString(r.permutation(3)), 1, Integer::sum);
        }
        assertThat(counts).hasSize(6);
        for (int c : counts.values()) {
            assertThat(c / (double) draws).isCloseTo(1.0 / 6, within(0.01));
        }
        assertThatThrownBy(() -> r.permutation(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permutation: n must not be negative, got -1");
    }

    @Test
    void shuffleKeepsTheElements() {
        int[] a = {5, 5, 1, 9, 0, 3};
        RandomStream.of(1).shuffle(a);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertThat(sorted).containsExactly(0, 1, 3, 5, 5, 9);
        int[] empty = {};
        RandomStream.of(1).shuffle(empty);
        assertThat(empty).isEmpty();
    }

    @Property(tries = 50, seed = "2718")
    void choiceWithoutReplacementGivesDistinctIndices(@ForAll long seed, @ForAll @IntRange(min = 0, max = 50) int n,
                                                      @ForAll @IntRange(min = 0, max = 50) int k) {
        if (k > n) {
            assertThatThrownBy(() -> RandomStream.of(seed).choice(n, k, false))
                    .hasMessage("choice: cannot draw " + k + " of " + n + " without replacement");
            return;
        }
        int[] c = RandomStream.of(seed).choice(n, k, false);
        assertThat(c).hasSize(k);
        Set<Integer> seen = new HashSet<>();
        for (int x : c) {
            assertThat(x).isBetween(0, n - 1);
            assertThat(seen.add(x)).as("index %d drawn twice", x).isTrue();
        }
    }

    @Test
    void choiceWithReplacementAndErrors() {
        RandomStream r = RandomStream.of(6);
        int[] counts = new int[4];
        for (int x : r.choice(4, 40_000, true)) {
            counts[x]++;
        }
        for (int c : counts) {
            assertThat(c / 40_000.0).isCloseTo(0.25, within(0.01));
        }
        // Every element is equally likely to be drawn first without replacement.
        int[] first = new int[5];
        for (int i = 0; i < 50_000; i++) {
            first[r.choice(5, 2, false)[0]]++;
        }
        for (int c : first) {
            assertThat(c / 50_000.0).isCloseTo(0.2, within(0.01));
        }
        assertThat(r.choice(3, 0, false)).isEmpty();
        assertThat(r.choice(0, 0, true)).isEmpty();
        assertThatThrownBy(() -> r.choice(3, -1, true)).hasMessage("choice: cannot draw -1 of 3 with replacement");
        assertThatThrownBy(() -> r.choice(0, 2, true)).hasMessage("choice: cannot draw 2 of 0 with replacement");
    }
}
