package dev.gradus.zeroth.cmaes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.zeroth.Evaluator;
import dev.gradus.zeroth.Search;
import dev.gradus.zeroth.problem.Problems;
import org.junit.jupiter.api.Test;

/** CMA-ES solves the standard unimodal benchmarks and adapts its step size. */
class CmaEsTest {

    @Test
    void solvesRosenbrockInTwentyDimensions() {
        CmaEs cma = CmaEs.defaults();
        Search<CmaEs.State> search = new Search<>(cma, Problems.parse("rosenbrock(d=20)"), Evaluator.sequential());
        CmaEs.State s = search.run(search.start(3), 60_000, null);
        assertThat(s.progress().bestValue().get()).isLessThan(1e-8);
        assertThat(cma.lambda(20)).isEqualTo(12);
    }

    @Test
    void convergesOnTheSphereAndStopsByItsTolerance() {
        CmaEs cma = CmaEs.defaults().with("tol_x", 1e-9);
        Search<CmaEs.State> search = new Search<>(cma, Problems.parse("sphere(d=10)"), Evaluator.sequential());
        CmaEs.State s = search.run(search.start(0), 1_000_000, null);
        assertThat(cma.converged(s)).isTrue();
        assertThat(s.progress().evaluations().get()).isLessThan(20_000);
        assertThat(s.progress().bestValue().get()).isLessThan(1e-15);
        for (double v : s.mean().data()) {
            assertThat(Math.abs(v - 1)).isLessThan(1e-6);
        }
    }
}
