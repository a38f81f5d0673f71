package dev.gradus.zeroth.cbo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import dev.gradus.zeroth.Box;
import dev.gradus.zeroth.Evaluator;
import dev.gradus.zeroth.Search;
import dev.gradus.zeroth.problem.Problems;
import dev.gradus.zeroth.problem.Rastrigin;
import org.junit.jupiter.api.Test;

/** CBO finds the shifted Rastrigin minimum in two dimensions; the consensus step follows the Laplace principle. */
class CboTest {

    private static boolean solves(Cbo cbo, long seed) {
        Rastrigin f = (Rastrigin) Problems.parse("rastrigin(d=2, bound=3)");
        Search<Cbo.State> search = new Search<>(cbo, f, Evaluator.sequential());
        Cbo.State s = search.run(search.start(seed), 100L * 3000, null);
        double err = 0;
        for (double v : s.consensus().data()) {
            err = Math.max(err, Math.abs(v - 1));
        }
        return err < 0.25;
    }

    @Test
    void bothNoiseModelsFindTheTwoDimensionalRastriginMinimum() {
        Cbo iso = Cbo.defaults().alpha(1e5).noise("isotropic").sigma(0.8);
        Cbo aniso = Cbo.defaults().alpha(1e5).noise("anisotropic").sigma(1.0);
        int isoWins = 0;
        int anisoWins = 0;
        for (long seed = 0; seed < 5; seed++) {
            isoWins += solves(iso, seed) ? 1 : 0;
            anisoWins += solves(aniso, seed) ? 1 : 0;
        }
        assertThat(isoWins).isGreaterThanOrEqualTo(4);
        assertThat(anisoWins).isGreaterThanOrEqualTo(4);
    }

    @Test
    void withoutNoiseTheParticlesCollapseAndTheRunStops() {
        Cbo still = Cbo.defaults().sigma(0);
        Search<Cbo.State> search = new Search<>(still, Problems.parse("sphere(d=3)"), Evaluator.sequential());
        Cbo.State s = search.run(search.start(0), 10_000_000L, null);
        assertThat(still.converged(s)).isTrue();
        assertThat(s.progress().evaluations().get()).isLessThan(10_000_000L);
    }

    @Test
    void theConsensusStepFollowsTheLaplacePrinciple() {
        // Particles N(x̄, ε²I) around x̄ on a smooth quadratic: v_α − x̄ ≈ −α ε² ∇f(x̄) when α ε ‖∇f‖ ≪ 1.
        int d = 10;
        int n = 400_000;
        double eps = 0.05;
        double alpha = 1.0;
        double[] xbar = new double[d];
        double[] grad = new double[d];
        for (int j = 0; j < d; j++) {
            xbar[j] = 0.1 * (j + 1);
            grad[j] = 2 * (j + 1) * xbar[j] / d; // f = Σ (j+1) x_j² / d
        }
        RandomStream rng = RandomStream.of(4);
        double[] x = new double[n * d];
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            double v = 0;
            for (int j = 0; j < d; j++) {
                double xi = xbar[j] + eps * rng.normal();
                x[i * d + j] = xi;
                v += (j + 1) * xi * xi / d;
            }
            f[i] = v;
        }
        double[] cons = new double[d];
        Cbo.consensus(x, n, d, f, alpha, cons);
        double dot = 0;
        double nv = 0;
        double ng = 0;
        for (int j = 0; j < d; j++) {
            double step = cons[j] - xbar[j];
            dot += step * -grad[j];
            nv += step * step;
            ng += grad[j] * grad[j];
        }
        double cos = dot / Math.sqrt(nv * ng);
        double ratio = Math.sqrt(nv) / (alpha * eps * eps * Math.sqrt(ng));
        assertThat(cos).isGreaterThan(0.99);
        assertThat(ratio).isCloseTo(1.0, within(0.1));
    }

    @Test
    void theConsensusOfHugeAlphaIsTheBestParticleWithoutUnderflow() {
        double[] x = {0, 0, 1, 1, 2, 2};
        double[] f = {5000, 3000, 4000};
        double[] out = new double[2];
        Cbo.consensus(x, 3, 2, f, 1e5, out);
        assertThat(out).containsExactly(1, 1);
        Box box = Box.cube(2, -1, 1);
        assertThat(Cbo.defaults().init(box, 0).particles().dim(0)).isEqualTo(100);
    }
}
