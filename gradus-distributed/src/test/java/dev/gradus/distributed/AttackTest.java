package dev.gradus.distributed;

import dev.gradus.tensor.RandomStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each attack's forged message against its definition. */
class AttackTest {
    private static final double[][] HONEST = {{1, 0}, {3, 2}, {2, 4}};

    private static double[] forge(String spec) {
        double[] out = new double[2];
        Attack.ATTACKS.parse(spec).forge(HONEST, new double[] {7, 7}, RandomStream.of(1), out);
        return out;
    }

    @Test
    void omniscientAttacksAreFunctionsOfTheHonestMessages() {
        assertThat(forge("sign_flip(f=2)")).containsExactly(-2, -2);
        assertThat(forge("ipm(f=1, eps=0.5)")).containsExactly(-1, -1);
        // mean (2, 2); unbiased std (1, 2)
        assertThat(forge("alie(f=1, z=1.5)")).containsExactly(2 - 1.5, 2 - 3);
        assertThat(forge("mimic(f=1, target=1)")).containsExactly(3, 2);
        assertThat(forge("label_flip(f=1)")).containsExactly(7, 7);
        assertThat(Attack.ATTACKS.parse("label_flip(f=3)").flipsLabels()).isTrue();
        assertThat(Attack.ATTACKS.parse("alie(f=3)").byzantine()).isEqualTo(3);
    }

    @Test
    void gaussianNoiseComesFromTheWorkersStream() {
        double[] a = forge("gaussian(f=1, std=2)");
        double[] b = forge("gaussian(f=1, std=2)");
        assertThat(a).containsExactly(b);
        RandomStream r = RandomStream.of(1);
        assertThat(a[0]).isEqualTo(r.normal(0, 2));
    }
}
