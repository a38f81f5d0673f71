package dev.gradus.robust.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class BallProjectionTest {

    @Test
    void linfClipsEachCoordinateAroundTheCentre() {
        double[] v = BallProjection.LINF.project(new double[] {1.0, -0.3, 0.05}, new double[] {0.5, 0.0, 0.0}, 0.1);
        assertThat(v).containsExactly(new double[] {0.6, -0.1, 0.05}, within(1e-15));
    }

    @Test
    void l2ScalesTheOffsetOntoTheSphereAndKeepsInsidePoints() {
        double[] v = BallProjection.L2.project(new double[] {3, 4}, new double[] {0, 0}, 1);
        assertThat(v).containsExactly(new double[] {0.6, 0.8}, within(1e-15));
        double[] inside = BallProjection.L2.project(new double[] {0.3, 0.4}, new double[] {0, 0}, 1);
        assertThat(inside).containsExactly(0.3, 0.4);
    }

    @Test
    void l1HandCase() {
        // |w| = (3, 1, 0.5), r = 2: rho = 1 since 1 - (4 - 2)/2 = 0 is not > 0, theta = 1: u = (2, 0, 0)
        double[] v = BallProjection.L1.project(new double[] {3, -1, 0.5}, new double[] {0, 0, 0}, 2);
        assertThat(v).containsExactly(new double[] {2, 0, 0}, within(1e-15));
    }

    @Test
    void l1ProjectionHasRadiusNormAndSatisfiesTheKktConditions() {
        RandomStream rng = RandomStream.of(3);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + rng.nextInt(40);
            double[] v = new double[n];
            double[] c = new double[n];
            rng.fillNormal(v);
            rng.fillNormal(c);
            double norm = 0;
            for (int i = 0; i < n; i++) {
                v[i] = 3 * v[i];
                norm += Math.abs(v[i] - c[i]);
            }
            double r = norm * rng.uniform(0.05, 0.95);
            double[] u = BallProjection.L1.project(v.clone(), c, r);
            double un = 0;
            for (int i = 0; i < n; i++) {
                un += Math.abs(u[i] - c[i]);
            }
            assertThat(un).isCloseTo(r, within(1e-12 * Math.max(1, r)));
            // KKT of min ||u - v||^2 s.t. ||u - c||_1 <= r: v - u = theta * s with s in the subdifferential of |u - c|
            double theta = Double.NaN;
            for (int i = 0; i < n; i++) {
                if (u[i] != c[i]) {
                    double t = Math.abs(v[i] - c[i]) - Math.abs(u[i] - c[i]);
                    assertThat(Math.signum(u[i] - c[i])).isEqualTo(Math.signum(v[i] - c[i]));
                    if (Double.isNaN(theta)) {
                        theta = t;
                    }
                    assertThat(t).isCloseTo(theta, within(1e-12));
                }
            }
            for (int i = 0; i < n; i++) {
                if (u[i] == c[i]) {
                    assertThat(Math.abs(v[i] - c[i])).isLessThanOrEqualTo(theta + 1e-12);
                }
            }
            assertThat(theta).isGreaterThan(0);
        }
    }

    @Test
    void rowsAreProjectedSeparately() {
        Tensor v = Tensor.of(new double[] {3, 4, 0.1, 0.1}, 2, 2);
        BallProjection.L2.projectRows(v, Tensor.zeros(2, 2), 1);
        assertThat(v.data()).containsExactly(new double[] {0.6, 0.8, 0.1, 0.1}, within(1e-15));
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> BallProjection.L1.project(new double[2], new double[3], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("centre 3");
        assertThatThrownBy(() -> BallProjection.L2.project(new double[2], new double[2], -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radius");
    }
}
