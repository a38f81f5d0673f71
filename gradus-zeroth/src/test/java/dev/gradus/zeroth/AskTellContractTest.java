package dev.gradus.zeroth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.gradus.optim.state.StateFile;
import dev.gradus.optim.state.StateTree;
import dev.gradus.tensor.StateLeaf;
import dev.gradus.tensor.Tensor;
import dev.gradus.zeroth.problem.Problems;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every registered ask/tell method passes: same seed same bits; ask is idempotent before tell; tell
 * refuses bad input without changing the state; the result does not depend on the number of evaluation threads; save,
 * load and continue equals the uninterrupted run bit for bit; the spec prints back and parses to the same method.
 */
class AskTellContractTest {

    record Row(String method, String problem, int generations) {}

    static List<Row> rows() {
        return List.of(
                new Row("cbo(particles=20)", "rastrigin(d=3)", 12),
                new Row("cbo(particles=20, noise=\"isotropic\", sigma=0.5)", "ackley(d=3)", 12),
                new Row("cmaes()", "rosenbrock(d=5)", 12),
                new Row("cmaes(popsize=9, sigma0=0.1)", "griewank(d=4)", 10),
                new Row("openai_es(pairs=6)", "sphere(d=4)", 10),
                new Row("openai_es(pairs=5, optimizer=\"sgd\", weight_decay=0.01)", "rosenbrock(d=3)", 10),
                new Row("deep_ga(population=16, truncation=4)", "rastrigin(d=3)", 10),
                new Row("nsga2(population=20)", "zdt1(n=6)", 12),
                new Row("nsga2(population=12)", "dtlz2(m=3, k=3)", 8));
    }

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicNode> contract() {
        return rows().stream().map(r -> {
            List<DynamicNode> checks = new ArrayList<>();
            checks.add(dynamicTest("the same seed gives the same bits", () -> deterministic(r)));
            checks.add(dynamicTest("ask is idempotent until tell", () -> askIdempotent(r)));
            checks.add(dynamicTest("threads do not change the result", () -> threadsIndependent(r)));
            checks.add(dynamicTest("save, load, continue equals the uninterrupted run", () -> resumes(r)));
            checks.add(dynamicTest("bad tells are refused and change nothing", () -> refusesBadTell(r)));
            checks.add(dynamicTest("the spec prints back", () -> printsBack(r)));
            return dynamicContainer(r.method() + " on " + r.problem(), checks);
        });
    }

    private static SearchState run(Row r, int generations, Evaluator ev, SearchState from) {
        AskTell<SearchState> m = Methods.parse(r.method());
        Problem p = Problems.parse(r.problem());
        Search<SearchState> search = new Search<>(m, p, ev);
        SearchState s = from != null ? from : search.start(7);
        for (int g = 0; g < generations; g++) {
            search.step(s, Long.MAX_VALUE);
        }
        return s;
    }

    private static void deterministic(Row r) {
        SearchState a = run(r, r.generations(), Evaluator.sequential(), null);
        SearchState b = run(r, r.generations(), Evaluator.sequential(), null);
        assertSameState(a, b);
        SearchState other = Methods.parse(r.method()).init(Problems.parse(r.problem()).box(),
                Problems.parse(r.problem()).objectives(), 8);
        assertThat(Methods.parse(r.method()).ask(other).data())
                .isNotEqualTo(Methods.parse(r.method()).ask(run(r, 0, Evaluator.sequential(), null)).data());
    }

    private static void askIdempotent(Row r) {
        SearchState s = run(r, 2, Evaluator.sequential(), null);
        AskTell<SearchState> m = Methods.parse(r.method());
        Tensor first = m.ask(s);
        Tensor second = m.ask(s);
        assertThat(second.data()).isEqualTo(first.data());
    }

    private static void threadsIndependent(Row r) {
        SearchState a = run(r, r.generations(), Evaluator.sequential(), null);
        try (Evaluator ev = Evaluator.parallel(3)) {
            SearchState b = run(r, r.generations(), ev, null);
            assertSameState(a, b);
        }
    }

    private void resumes(Row r) throws Exception {
        SearchState whole = run(r, r.generations(), Evaluator.sequential(), null);
        SearchState half = run(r, r.generations() / 2, Evaluator.sequential(), null);
        Path file = tmp.resolve("state.safetensors");
        StateFile.saveTree(file, half, Map.of("method", r.method()));
        AskTell<SearchState> m = Methods.parse(r.method());
        Problem p = Problems.parse(r.problem());
        SearchState template = m.init(p.box(), p.objectives(), 12345);
        SearchState loaded = (SearchState) StateFile.loadTree(file, template);
        assertSameState(half, loaded);
        SearchState continued = run(r, r.generations() - r.generations() / 2, Evaluator.sequential(), loaded);
        assertSameState(whole, continued);
    }

    private static void refusesBadTell(Row r) {
        AskTell<SearchState> m = Methods.parse(r.method());
        Problem p = Problems.parse(r.problem());
        SearchState s = m.init(p.box(), p.objectives(), 3);
        m.tell(s, Tensor.zeros(m.ask(s).dim(0), p.objectives()));
        assertThat(s.progress().generations().get()).isEqualTo(1);
        SearchState fresh = m.init(p.box(), p.objectives(), 3);
        assertThatThrownBy(() -> m.tell(fresh, Tensor.zeros(1, p.objectives())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nothing was asked");
        int rows = m.ask(fresh).dim(0);
        SearchState before = StateTreeCopy.copy(fresh);
        assertThatThrownBy(() -> m.tell(fresh, Tensor.zeros(rows + 1, p.objectives())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one row per asked candidate");
        Tensor nan = Tensor.zeros(rows, p.objectives());
        nan.data()[nan.size() - 1] = Double.NaN;
        assertThatThrownBy(() -> m.tell(fresh, nan))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is NaN");
        assertSameState(before, fresh);
    }

    private static void printsBack(Row r) {
        AskTell<SearchState> m = Methods.parse(r.method());
        assertThat(Methods.parse(m.toString()).toString()).isEqualTo(m.toString());
    }

    /** Copies through the state tree. */
    static final class StateTreeCopy {
        static SearchState copy(SearchState s) {
            return (SearchState) StateTree.copy(s);
        }
    }

    static void assertSameState(SearchState expected, SearchState actual) {
        Map<String, StateLeaf> e = StateTree.leaves(expected);
        Map<String, StateLeaf> a = StateTree.leaves(actual);
        assertThat(a.keySet()).isEqualTo(e.keySet());
        for (String path : e.keySet()) {
            assertThat(bytes(a.get(path))).as("state at %s", path).isEqualTo(bytes(e.get(path)));
        }
    }

    private static byte[] bytes(StateLeaf leaf) {
        ByteBuffer b = leaf.encode("x").data().duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
