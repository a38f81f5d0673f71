package dev.gradus.optim.bcd;

import dev.gradus.tensor.RandomStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The rule table: scores of every greedy rule on a small least-squares problem, computed by hand.
 *
 * <p>Six coordinates, Order partition, blocks {0,1}, {2,3}, {4,5}, each block on its own rows:
 * <pre>
 *   block 0: A_b = [[1,1],[0,1]]  → M_0 = [[1,1],[1,2]], L_0 = (3+√5)/2, M_0⁻¹ = [[2,−1],[−1,1]]
 *   block 1: A_b = diag(2, ½)     → M_1 = diag(4, ¼),    L_1 = 4
 *   block 2: A_b = diag(3, 3)     → M_2 = diag(9, 9),    L_2 = 9
 *   L_i = (1, 2, 4, ¼, 9, 9)
 * </pre>
 * With {@code y = (1, 1, 0, 2, 0.7, 0.7)} and {@code x = 0}, {@code g = −Aᵀy = (−1, −2, 0, −1, −2.1, −2.1)}.
 */
class SelectionRuleTest {

    private static final double PHI2 = (3 + Math.sqrt(5)) / 2;

    static BcdProblem problem() {
        double[][] a = new double[6][6];
        a[0][0] = 1;
        a[0][1] = 1;
        a[1][1] = 1;
        a[2][2] = 2;
        a[3][3] = 0.5;
        a[4][4] = 3;
        a[5][5] = 3;
        return BcdProblem.leastSquares(DenseDesignMatrix.ofRows(a), new double[] {1, 1, 0, 2, 0.7, 0.7});
    }

    private static BlockGeometry geometry() {
        return BlockGeometry.of(problem(), Partition.ORDER, 2);
    }

    @Test
    void gradientAndConstantsAreTheHandComputedOnes() {
        BcdProblem p = problem();
        assertThat(p.gradient(new double[6])).containsExactly(new double[] {-1, -2, 0, -1, -2.1, -2.1},
                within(1e-12));
        BlockGeometry geo = geometry();
        assertThat(geo.coordinateLipschitz()).containsExactly(1, 2, 4, 0.25, 9, 9);
        assertThat(geo.blockLipschitz(0)).isCloseTo(PHI2, within(1e-12));
        assertThat(geo.blockLipschitz(1)).isCloseTo(4, within(1e-12));
        assertThat(geo.blockLipschitz(2)).isCloseTo(9, within(1e-12));
    }

    @Test
    void ruleTableMatchesHandComputedScoresAndChoices() {
        double[] g = problem().gradient(new double[6]);
        BlockGeometry geo = geometry();
        // rule, scores of blocks 0..2 by hand, chosen block.
        Object[][] table = {
            {SelectionRule.GS, new double[] {1 + 4, 0 + 1, 4.41 + 4.41}, 2},
            {SelectionRule.GSL, new double[] {5 / PHI2, 1.0 / 4, 8.82 / 9}, 0},
            {SelectionRule.GSD, new double[] {(1 / 1.0 + 4 / 2.0) / 2, (0 + 1 / 0.25) / 2, (4.41 / 9 + 4.41 / 9) / 2}, 1},
            // GSQ with x = 0 is ‖y projected on A_b's columns‖²: y0² + y1², y2² + y3², y4² + y5².
            {SelectionRule.GSQ, new double[] {2, 4, 0.98}, 1},
        };
        for (Object[] row : table) {
            SelectionRule rule = (SelectionRule) row[0];
            assertThat(rule.scores(g, geo)).as(rule.name()).containsExactly((double[]) row[1], within(1e-12));
            assertThat(rule.select(0, g, geo, RandomStream.of(1))).as(rule.name()).isEqualTo(row[2]);
        }
    }

    @Test
    void variableBlocksTakeTheTopCoordinates() {
        double[] g = problem().gradient(new double[6]);
        double[] li = geometry().coordinateLipschitz();
        // g² = (1, 4, 0, 1, 4.41, 4.41); g²/L = (1, 2, 0, 4, 0.49, 0.49).
        assertThat(SelectionRule.GS.variableBlock(g, li, 2)).containsExactly(4, 5);
        assertThat(SelectionRule.GSL.variableBlock(g, li, 2)).containsExactly(1, 3);
        assertThat(SelectionRule.GSL.variableBlock(g, li, 3)).containsExactly(0, 1, 3);
        assertThatThrownBy(() -> SelectionRule.GSQ.variableBlock(g, li, 2))
                .hasMessageContaining("GS or GSL").hasMessageContaining("GSQ");
    }

    @Test
    void cyclicRandomAndLipschitzSampling() {
        BlockGeometry geo = geometry();
        double[] g = new double[6];
        assertThat(SelectionRule.CYCLIC.select(0, g, geo, null)).isZero();
        assertThat(SelectionRule.CYCLIC.select(4, g, geo, null)).isEqualTo(1);
        int draws = 60_000;
        int[] uniform = new int[3];
        int[] lipschitz = new int[3];
        RandomStream rng = RandomStream.of(7);
        for (int t = 0; t < draws; t++) {
            uniform[SelectionRule.RANDOM.select(t, g, geo, rng)]++;
            lipschitz[SelectionRule.LIPSCHITZ.select(t, g, geo, rng)]++;
        }
        double total = PHI2 + 4 + 9;
        double[] expected = {PHI2 / total, 4 / total, 9 / total};
        for (int b = 0; b < 3; b++) {
            assertThat(uniform[b] / (double) draws).isCloseTo(1.0 / 3, within(0.01));
            assertThat(lipschitz[b] / (double) draws).isCloseTo(expected[b], within(0.01));
        }
        assertThatThrownBy(() -> SelectionRule.CYCLIC.score(0, g, geo)).hasMessageContaining("not greedy");
    }
}
