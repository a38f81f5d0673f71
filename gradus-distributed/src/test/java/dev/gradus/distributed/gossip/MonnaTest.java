package dev.gradus.distributed.gossip;

import dev.gradus.distributed.Attack;
import dev.gradus.tensor.RandomStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MoNNA on the digest's toy (8 honest + 2 Byzantine nodes, heterogeneous quadratics in d = 20, gradient noise 2,
 * step 0.2 / (1 + t/100), 1000 steps): averaging breaks, NNA filters the outliers, momentum helps against ALIE.
 */
class MonnaTest {
    private static final Quadratics Q = Quadratics.of(10, 20, 1.0, RandomStream.of(1));

    private static double error(double beta, boolean averaging, String attack) {
        Monna m = new Monna(Q, 2, beta, 0.2, 100, 2.0, averaging);
        Attack a = attack == null ? null : Attack.ATTACKS.parse(attack);
        return Monna.relativeError(m.run(new double[20], 1000, a, RandomStream.of(2)), Q.optimum(8));
    }

    @Test
    void averagingBreaksAndNearestNeighbourAveragingHolds() {
        for (String attack : new String[] {"sign_flip(f=2)", "ipm(f=2, eps=100)"}) {
            assertThat(error(0.9, true, attack)).as("D-SGD under " + attack).matches(e -> !(e < 0.5));
            assertThat(error(0.0, false, attack)).as("NNA under " + attack).isLessThan(0.2);
            assertThat(error(0.9, false, attack)).as("MoNNA under " + attack).isLessThan(0.2);
        }
    }

    @Test
    void momentumHelpsAgainstALittleIsEnough() {
        double nna = error(0.0, false, "alie(f=2, z=1.5)");
        double monna = error(0.9, false, "alie(f=2, z=1.5)");
        assertThat(monna).isLessThan(0.85 * nna);
        assertThat(error(0.9, true, "alie(f=2, z=1.5)")).as("averaging under ALIE").isGreaterThan(monna);
    }

    @Test
    void withoutAttackEveryMethodLearns() {
        assertThat(error(0.9, true, null)).isLessThan(0.2);
        assertThat(error(0.9, false, null)).isLessThan(0.3);
    }
}
