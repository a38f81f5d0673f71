package dev.gradus.optim.bounded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProjectedLbfgsTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static double rosenbrock(double[] x, double[] g) {
        double a = 1 - x[0];
        double b = x[1] - x[0] * x[0];
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
    }

    @Test
    void unconstrainedRosenbrockReachesItsMinimum() {
        BoundedResult r = new ProjectedLbfgs().pgtol(1e-10).ftol(0).minimize(ProjectedLbfgsTest::rosenbrock,
                new double[] {-1.2, 1}, new double[] {-INF, -INF}, new double[] {INF, INF});
        assertThat(r.converged()).isTrue();
        assertThat(r.x()).containsExactly(new double[] {1, 1}, within(1e-6));
    }

    @Test
    void activeLowerBoundOnRosenbrockGivesTheConstrainedMinimum() {
        // with x ≥ 2 the minimum is on the parabola y = x² at x = 2
        BoundedResult r = new ProjectedLbfgs().pgtol(1e-9).ftol(0).minimize(ProjectedLbfgsTest::rosenbrock,
                new double[] {3, 0}, new double[] {2, -INF}, new double[] {INF, INF});
        assertThat(r.x()).containsExactly(new double[] {2, 4}, within(1e-6));
        assertThat(r.value()).isCloseTo(1, within(1e-9));
    }

    @Test
    void nonnegativeQuadraticMatchesTheBruteForceActiveSet() {
        int n = 5;
        RandomStream rng = RandomStream.of(3);
        double[] m = new double[n * n];
        rng.fillNormal(m);
        double[] q = new double[n * n];                 // Q = MᵀM + I, positive definite, not diagonal
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? 1 : 0;
                for (int k = 0; k < n; k++) {
                    s += m[k * n + i] * m[k * n + j];
                }
                q[i * n + j] = s;
            }
        }
        double[] c = new double[n];
        rng.fillNormal(c);
        BoundedObjective f = (x, g) -> {
            double v = 0;
            for (int i = 0; i < n; i++) {
                double qi = 0;
                for (int j = 0; j < n; j++) {
                    qi += q[i * n + j] * x[j];
                }
                g[i] = qi + c[i];
                v += 0.5 * x[i] * qi + c[i] * x[i];
            }
            return v;
        };
        double[] lower = new double[n];
        double[] upper = new double[n];
        Arrays.fill(upper, INF);
        BoundedResult r = new ProjectedLbfgs().pgtol(1e-10).ftol(0).minimize(f, new double[n], lower, upper);
        // brute force: for every support S solve Q_SS x_S = −c_S, keep feasible points satisfying KKT
        double best = INF;
        for (int mask = 0; mask < (1 << n); mask++) {
            double[] x = solveOnSupport(q, c, mask, n);
            if (x == null) {
                continue;
            }
            double[] g = new double[n];
            best = Math.min(best, f.evaluate(x, g));
        }
        assertThat(r.value()).isCloseTo(best, within(1e-9));
        assertThat(r.projectedGradientNorm()).isLessThan(1e-8);
    }

    private static double[] solveOnSupport(double[] q, double[] c, int mask, int n) {
        int k = Integer.bitCount(mask);
        int[] idx = new int[k];
        for (int i = 0, p = 0; i < n; i++) {
            if ((mask & (1 << i)) != 0) {
                idx[p++] = i;
            }
        }
        double[][] a = new double[k][k + 1];
        for (int r = 0; r < k; r++) {
            for (int s = 0; s < k; s++) {
                a[r][s] = q[idx[r] * n + idx[s]];
            }
            a[r][k] = -c[idx[r]];
        }
        for (int p = 0; p < k; p++) {                   // Gauss-Jordan, Q_SS is positive definite
            for (int r = 0; r < k; r++) {
                if (r != p) {
                    double fct = a[r][p] / a[p][p];
                    for (int s = p; s <= k; s++) {
                        a[r][s] -= fct * a[p][s];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int r = 0; r < k; r++) {
            x[idx[r]] = a[r][k] / a[r][r];
            if (x[idx[r]] < 0) {
                return null;
            }
        }
        return x;
    }

    @Test
    void fixedVariablesStayFixedAndBadBoundsAreRejected() {
        BoundedResult r = new ProjectedLbfgs().minimize(ProjectedLbfgsTest::rosenbrock, new double[] {0, 0},
                new double[] {0.5, -INF}, new double[] {0.5, INF});
        assertThat(r.x()[0]).isEqualTo(0.5);
        assertThat(r.x()[1]).isCloseTo(0.25, within(1e-5));
        assertThatThrownBy(() -> new ProjectedLbfgs().minimize(ProjectedLbfgsTest::rosenbrock, new double[2],
                new double[] {1, 0}, new double[] {0, 0})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bound 0 is empty");
        assertThatThrownBy(() -> new ProjectedLbfgs().memory(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
