package dev.gradus.nn.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipleGradientDescentTest {

    static TensorMap vec(double... v) {
        return TensorMap.of("w", Tensor.of(v.clone(), v.length));
    }

    @Test
    void twoObjectivesMatchTheGoldenExample() {
        List<TensorMap> g = List.of(vec(1, 0), vec(-1, 1));
        double[] alpha = MultipleGradientDescent.weights(g);
        assertThat(alpha[0]).isCloseTo(0.6, within(1e-15));
        double[] d = MultipleGradientDescent.combine(g, alpha).get("w").data();
        assertThat(d[0]).isCloseTo(0.2, within(1e-15));
        assertThat(d[1]).isCloseTo(0.4, within(1e-15));
        // Both objectives decrease equally along -d: d·g1 = d·g2 = ‖d‖² = 0.2.
        assertThat(MultipleGradientDescent.alignment(g, vec(d))).containsExactly(new double[] {0.2, 0.2},
                within(1e-15));
    }

    @Test
    void frankWolfeFindsTheMinNormPointOfThreeGradients() {
        RandomStream rng = RandomStream.of(11);
        for (int trial = 0; trial < 20; trial++) {
            List<TensorMap> g = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                double[] v = new double[4];
                rng.fillNormal(v);
                g.add(vec(v));
            }
            double[][] m = MultipleGradientDescent.gram(g);
            double[] alpha = MultipleGradientDescent.weights(m);
            assertThat(alpha[0] + alpha[1] + alpha[2]).isCloseTo(1.0, within(1e-12));
            double found = quad(m, alpha);
            double grid = Double.POSITIVE_INFINITY;
            int steps = 400;
            for (int i = 0; i <= steps; i++) {
                for (int j = 0; i + j <= steps; j++) {
                    double[] a = {i / (double) steps, j / (double) steps, (steps - i - j) / (double) steps};
                    grid = Math.min(grid, quad(m, a));
                }
            }
            assertThat(found).isLessThanOrEqualTo(grid + 1e-9);
        }
    }

    @Test
    void aPointInsideTheHullIsParetoStationary() {
        List<TensorMap> g = List.of(vec(1, 0), vec(-1, 1), vec(0, -1));
        double[] d = MultipleGradientDescent.combine(g, MultipleGradientDescent.weights(g)).get("w").data();
        assertThat(Math.hypot(d[0], d[1])).isLessThan(1e-6);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> MultipleGradientDescent.weights(new double[][] {{1, 0}, {0}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
        assertThatThrownBy(() -> MultipleGradientDescent.weights(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no gradient");
        assertThatThrownBy(() -> MultipleGradientDescent.combine(List.of(vec(1)), new double[] {0.5, 0.5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 weights for 1");
    }

    static double quad(double[][] m, double[] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                s += a[i] * m[i][j] * a[j];
            }
        }
        return s;
    }
}
