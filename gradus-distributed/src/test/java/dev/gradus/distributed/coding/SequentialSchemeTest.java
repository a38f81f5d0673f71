package dev.gradus.distributed.coding;

import dev.gradus.tensor.RandomStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sequential schemes: their loads against the paper's formulas, and decoding on bursty patterns. */
class SequentialSchemeTest {

    @Test
    void loadsMatchTheReferenceValues() {
        BurstyStragglerModel small = new BurstyStragglerModel(20, 1, 3, 4);
        assertThat(new GcScheme(20, 4, false).load()).isEqualTo(0.25);
        SrSgcScheme sr = new SrSgcScheme(small);
        assertThat(sr.s()).isEqualTo(2);
        assertThat(sr.delay()).isEqualTo(1);
        assertThat(sr.load()).isCloseTo(0.15, Offset.offset(1e-12));
        MsgcScheme m = new MsgcScheme(small);
        assertThat(m.delay()).isEqualTo(2);
        assertThat(m.load()).isCloseTo(0.0682, Offset.offset(5e-5));

        BurstyStragglerModel big = new BurstyStragglerModel(256, 2, 5, 32);
        assertThat(new GcScheme(256, 32, false).load()).isCloseTo(0.129, Offset.offset(5e-4));
        assertThat(new SrSgcScheme(big).s()).isEqualTo(11);
        assertThat(new SrSgcScheme(big).load()).isCloseTo(0.0469, Offset.offset(5e-5));
        assertThat(new MsgcScheme(big).delay()).isEqualTo(5);
        assertThat(new MsgcScheme(big).load()).isCloseTo(0.00577, Offset.offset(5e-6));
    }

    @Test
    void generatedPatternsFollowTheModelAndViolationsAreSeen() {
        BurstyStragglerModel m = new BurstyStragglerModel(10, 2, 5, 3);
        boolean[][] p = m.generate(200, 0.1, RandomStream.of(3));
        assertThat(m.conforms(p)).isTrue();
        int stragglers = 0;
        for (boolean[] row : p) {
            for (boolean b : row) {
                stragglers += b ? 1 : 0;
            }
        }
        assertThat(stragglers).as("the pattern is not empty").isGreaterThan(50);
        boolean[][] tooLong = new boolean[4][10];
        tooLong[0][1] = tooLong[1][1] = tooLong[2][1] = true; // a burst of 3 > B = 2
        assertThat(m.conforms(tooLong)).isFalse();
    }

    @Test
    void everyJobDecodesInTimeOnPatternsInTheModel() {
        for (BurstyStragglerModel m : new BurstyStragglerModel[] {new BurstyStragglerModel(20, 1, 3, 4),
            new BurstyStragglerModel(12, 2, 5, 3), new BurstyStragglerModel(8, 3, 4, 2)}) {
            for (long seed = 1; seed <= 5; seed++) {
                int jobs = 100;
                boolean[][] p = m.generate(jobs + m.window() + m.burst(), 0.15, RandomStream.of(seed));
                MsgcScheme msgc = new MsgcScheme(m);
                assertThat(decodedInTime(msgc.decodeRounds(p, jobs), msgc.delay())).as("M-SGC " + m + " seed " + seed)
                        .isTrue();
                if ((m.window() - 1) % m.burst() == 0) {
                    SrSgcScheme sr = new SrSgcScheme(m);
                    assertThat(decodedInTime(sr.decodeRounds(p, jobs), sr.delay())).as("SR-SGC " + m + " seed " + seed)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void inTheTimedSimulationEveryJobDecodesInTime() {
        int n = 20;
        BurstyStragglerModel m = new BurstyStragglerModel(n, 1, 3, 4);
        RandomStream r = RandomStream.of(11);
        int jobs = 200;
        double[][] delays = new double[jobs + 3][n];
        for (double[] row : delays) {
            for (int i = 0; i < n; i++) {
                row[i] = 1.0 + (r.uniform() < 0.05 ? 10 : 0) + 0.1 * r.uniform();
            }
        }
        for (SequentialScheme s : new SequentialScheme[] {new GcScheme(n, 4, false), new SrSgcScheme(m),
            new MsgcScheme(m)}) {
            SequentialSimulation.Result res = SequentialSimulation.run(s, jobs, delays, 0.5);
            assertThat(res.allDecodedInTime(s.delay())).as(s.name()).isTrue();
            assertThat(res.runtime()).isPositive();
        }
    }

    private static boolean decodedInTime(int[] rounds, int delay) {
        for (int t = 0; t < rounds.length; t++) {
            if (rounds[t] < 0 || rounds[t] > t + delay) {
                return false;
            }
        }
        return true;
    }
}
