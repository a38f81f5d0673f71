package dev.gradus.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ButcherTableauTest {

    /** Row sums give the nodes, the weights satisfy the order conditions up to order 5, the error weights sum to 0. */
    @Test
    void bothPairsSatisfyTheirOrderConditions() {
        for (ButcherTableau tab : List.of(ButcherTableau.dormandPrince54(), ButcherTableau.tsit5())) {
            int s = tab.stages();
            double[] c = tab.c();
            double[] b = tab.b();
            for (int i = 0; i < s; i++) {
                double row = 0;
                for (double v : tab.a()[i]) {
                    row += v;
                }
                assertThat(row).as(tab + " row " + i).isCloseTo(c[i], within(1e-14));
            }
            // bushy-tree conditions sum b_i c_i^(q-1) = 1/q, q = 1..5
            for (int q = 1; q <= 5; q++) {
                double sum = 0;
                for (int i = 0; i < s; i++) {
                    sum += b[i] * Math.pow(c[i], q - 1);
                }
                assertThat(sum).as(tab + " order condition q=" + q).isCloseTo(1.0 / q, within(1e-12));
            }
            // sum b_i a_ij c_j = 1/6
            double tree = 0;
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < i; j++) {
                    tree += b[i] * tab.a()[i][j] * c[j];
                }
            }
            assertThat(tree).as(tab + " b A c").isCloseTo(1.0 / 6, within(1e-12));
            double e = 0;
            for (double v : tab.e()) {
                e += v;
            }
            assertThat(e).as(tab + " sum of error weights").isCloseTo(0, within(1e-14));
            assertThat(tab.fsal()).isTrue();
        }
    }

    @Test
    void badShapesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new ButcherTableau("bad", new double[] {0, 1}, new double[][] {{}, {}},
                new double[] {0.5, 0.5}, new double[] {0, 0}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad").hasMessageContaining("row 1");
    }
}
