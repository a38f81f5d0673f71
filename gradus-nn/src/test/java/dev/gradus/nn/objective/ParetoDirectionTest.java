package dev.gradus.nn.objective;

import static dev.gradus.nn.objective.MultipleGradientDescentTest.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoDirectionTest {

    @Test
    void guidedWeightsSolveTheLinearProgram() {
        RandomStream rng = RandomStream.of(5);
        for (int trial = 0; trial < 30; trial++) {
            List<TensorMap> g = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                double[] v = new double[5];
                rng.fillNormal(v);
                g.add(vec(v));
            }
            double[] gv = new double[5];
            rng.fillNormal(gv);
            double[][] m = MultipleGradientDescent.gram(g);
            double[] a = MultipleGradientDescent.alignment(g, vec(gv));
            double[] alpha = ParetoDirection.guided(m, a);
            assertThat(alpha[0] + alpha[1] + alpha[2]).isCloseTo(1.0, within(1e-12));
            assertThat(feasible(m, alpha, 1e-9)).isTrue();
            double found = MultipleGradientDescent.dot(a, alpha);
            double grid = Double.NEGATIVE_INFINITY;
            int steps = 300;
            for (int i = 0; i <= steps; i++) {
                for (int j = 0; i + j <= steps; j++) {
                    double[] w = {i / (double) steps, j / (double) steps, (steps - i - j) / (double) steps};
                    if (feasible(m, w, 0.0)) {
                        grid = Math.max(grid, MultipleGradientDescent.dot(a, w));
                    }
                }
            }
            assertThat(found).isGreaterThanOrEqualTo(grid - 1e-9);
        }
    }

    @Test
    void withoutConflictTheGuideTakesTheMostAlignedObjective() {
        // Orthogonal gradients never conflict, so every vertex descends on all; the guide picks e_2.
        List<TensorMap> g = List.of(vec(1, 0, 0), vec(0, 1, 0), vec(0, 0, 1));
        double[] alpha = ParetoDirection.weights(g, vec(0.1, 0.2, 0.9), 1.0, 1e-3);
        assertThat(alpha).containsExactly(new double[] {0, 0, 1}, within(1e-12));
    }

    @Test
    void aConflictingObjectiveIsProtected() {
        // g_1 opposes the guide's favourite g_2 partly: the answer mixes in g_1 until g_1 · d = 0.
        List<TensorMap> g = List.of(vec(1, 0), vec(-1, 1));
        double[] alpha = ParetoDirection.weights(g, vec(-1, 1), 1.0, 1e-3);
        double[] d = MultipleGradientDescent.combine(g, alpha).get("w").data();
        assertThat(d[0]).isCloseTo(0.0, within(1e-12));   // g_1 · d = d_0 = 0: tight
        assertThat(alpha[1]).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void belowTheGuideThresholdTheDominanceModeIsUsed() {
        List<TensorMap> g = List.of(vec(1, 0), vec(-1, 1));
        double[] alpha = ParetoDirection.weights(g, vec(-1, 1), 1e-4, 1e-3);
        double[][] m = MultipleGradientDescent.gram(g);
        double[] expected = ParetoDirection.dominance(m);
        assertThat(alpha).containsExactly(expected, within(0.0));
        assertThat(feasible(m, alpha, 1e-12)).isTrue();
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> ParetoDirection.guided(new double[][] {{1}}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 alignments for 1");
        assertThatThrownBy(() -> ParetoDirection.guided(new double[7][7], new double[7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 6");
    }

    private static boolean feasible(double[][] m, double[] a, double tol) {
        for (int j = 0; j < a.length; j++) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += m[j][i] * a[i];
            }
            if (a[j] < -tol || s < -tol) {
                return false;
            }
        }
        return true;
    }
}
