package dev.gradus.bench;

import dev.gradus.zeroth.AskTell;
import dev.gradus.zeroth.Evaluator;
import dev.gradus.zeroth.Methods;
import dev.gradus.zeroth.Problem;
import dev.gradus.zeroth.Search;
import dev.gradus.zeroth.SearchState;
import dev.gradus.zeroth.problem.Problems;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole derivative-free runs, the workloads of {@code scripts/peers/deap_zeroth.py}, measured warm (milliseconds per
 * run): NSGA-II on ZDT1 (30 variables, population 100, 250 generations = 25,000 evaluations) and CMA-ES on 20-d
 * Rosenbrock (λ = 12, 36,000 evaluations), both on one thread. The peer script measures the same runs cold through
 * {@code ./gradus minimize} against DEAP; this benchmark gives the steady-state figure once the JIT has compiled them.
 *
 * <pre>{@code ./gradus bench jmh Zeroth -f 1 -wi 3 -i 5}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ZerothBenchmark {
    private long seed;

    private double run(String method, String objective, long budget) {
        AskTell<SearchState> m = Methods.parse(method);
        Problem p = Problems.parse(objective);
        Search<SearchState> search = new Search<>(m, p, Evaluator.sequential());
        SearchState s = search.run(search.start(seed++), budget, null);
        return s.progress().bestValue().get();
    }

    /** NSGA-II, ZDT1, 25,000 evaluations. */
    @Benchmark
    public double nsga2Zdt1() {
        return run("nsga2(population=100)", "zdt1(n=30)", 25_000);
    }

    /** CMA-ES, Rosenbrock d = 20, 36,000 evaluations. */
    @Benchmark
    public double cmaesRosenbrock20() {
        return run("cmaes(sigma0=0.3, tol_x=0)", "rosenbrock(d=20, bound=5)", 36_000);
    }
}
