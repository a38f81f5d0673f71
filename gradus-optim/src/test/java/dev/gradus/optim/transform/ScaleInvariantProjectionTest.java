package dev.gradus.optim.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ScaleInvariantProjectionTest {

    private static Tensor m(double[] data, int rows, int cols) {
        return Tensor.of(data.clone(), rows, cols);
    }

    @Test
    void digestUnitTestProjectsEachRow() {
        // 01-optimizers.md §1 unit test (numpy check, reproduced twice): rows of g are orthogonal to p.
        Tensor p = m(new double[] {1, 2, 2, 0, 3, 4}, 2, 3);
        Tensor g = m(new double[] {2, -1, 0, 0, 4, -3}, 2, 3);
        Tensor d = m(new double[] {.5, -.1, .3, .2, .2, -.1}, 2, 3);
        double factor = ScaleInvariantProjection.project(p, g, d, 0.1, 0.1, 1e-8);
        assertThat(factor).isEqualTo(0.1);
        double[] expected = {0.4, -0.3, 0.1, 0.2, 0.176, -0.132};
        for (int i = 0; i < 6; i++) {
            assertThat(d.data()[i]).as("d[%d]", i).isCloseTo(expected[i], within(1e-8));
        }
    }

    @Test
    void channelTestFailsThenLayerTestDecides() {
        // Row 0 has a gradient parallel to p (cos = 1), row 1 an orthogonal one: the channel test fails.
        Tensor p = m(new double[] {1, 0, 0, 0, 1, 0}, 2, 3);
        double[] gd = {1e-3, 0, 0, 0, 0, 1};
        // Layer cosine = 1e-3 / (1.0000005 * 1.414) < 0.1 / sqrt(6): layer-wise invariant.
        assertThat(ScaleInvariantProjection.test(p.data(), gd, 2, 0.1, 1e-8))
                .isEqualTo(ScaleInvariantProjection.LAYER);
        // A large parallel component makes the layer cosine large too: no projection.
        double[] gBig = {1, 0, 0, 0, 0, 1};
        assertThat(ScaleInvariantProjection.test(p.data(), gBig, 2, 0.1, 1e-8))
                .isEqualTo(ScaleInvariantProjection.NONE);
        Tensor d = m(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(ScaleInvariantProjection.project(p, Tensor.of(gBig, 2, 3), d, 0.1, 0.1, 1e-8)).isEqualTo(1.0);
        assertThat(d.data()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void layerProjectionRemovesTheWholeTensorsRadialComponent() {
        Tensor p = m(new double[] {1, 0, 0, 0, 1, 0}, 2, 3);
        Tensor g = m(new double[] {1e-3, 0, 0, 0, 0, 1}, 2, 3);
        Tensor d = m(new double[] {1, 1, 1, 1, 1, 1}, 2, 3);
        assertThat(ScaleInvariantProjection.project(p, g, d, 0.1, 0.25, 0.0)).isEqualTo(0.25);
        // p̂ = p/√2, ⟨p̂, d⟩ = √2, so d − p̂⟨p̂, d⟩ = d − p.
        double[] expected = {0, 1, 1, 1, 0, 1};
        for (int i = 0; i < 6; i++) {
            assertThat(d.data()[i]).as("d[%d]", i).isCloseTo(expected[i], within(1e-15));
        }
    }

    @Test
    void zeroWeightRowPassesTheTestAndIsLeftUnchanged() {
        // A zero-initialised matrix: cos = 0 for every row, so it counts as scale invariant (wd_ratio applies).
        Tensor p = Tensor.zeros(2, 2);
        Tensor g = m(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor d = m(new double[] {1, 2, 3, 4}, 2, 2);
        assertThat(ScaleInvariantProjection.project(p, g, d, 0.1, 0.1, 1e-8)).isEqualTo(0.1);
        assertThat(d.data()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void vectorsAreNeverProjected() {
        Tensor p = Tensor.vector(1, 0);
        Tensor g = Tensor.vector(0, 1);
        Tensor d = Tensor.vector(1, 1);
        assertThat(ScaleInvariantProjection.project(p, g, d, 0.1, 0.1, 1e-8)).isEqualTo(1.0);
        assertThat(d.data()).containsExactly(1, 1);
    }

    @Test
    void nanCosineFailsTheTest() {
        double[] p = {1, 0, 0, 1};
        double[] g = {Double.NaN, 0, 0, 1};
        assertThat(ScaleInvariantProjection.test(p, g, 2, 0.1, 1e-8))
                .isEqualTo(ScaleInvariantProjection.NONE);
    }
}
