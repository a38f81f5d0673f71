package dev.gradus.zeroth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped at part of its budget and resumed writes the same files as an uninterrupted one. */
class MinimizationTest {

    private static Minimization.Spec spec(String objective, String method, long budget, int threads) {
        return new Minimization.Spec(objective, method, budget, 5, threads, 3);
    }

    @Test
    void resumedRunsEqualUninterruptedOnesFileForFile(@TempDir Path dir) throws IOException {
        String[][] runs = {{"griewank(d=6)", "cmaes()", "1200"}, {"zdt2(n=8)", "nsga2(population=20)", "1000"},
            {"sphere(d=4)", "deep_ga(population=20, truncation=5)", "600"}};
        for (String[] r : runs) {
            long budget = Long.parseLong(r[2]);
            Path whole = dir.resolve(r[1] + "-whole");
            Path parts = dir.resolve(r[1] + "-parts");
            Minimization.Outcome a = Minimization.run(spec(r[0], r[1], budget, 1), whole, false, null);
            Minimization.run(spec(r[0], r[1], budget / 3, 2), parts, false, null);
            Minimization.Outcome b = Minimization.run(spec(r[0], r[1], budget, 2), parts, true, null);
            assertThat(b.history()).isEqualTo(a.history());
            for (String f : new String[] {"history.csv", "checkpoint.safetensors"}) {
                assertThat(Files.readAllBytes(parts.resolve(f))).as(r[1] + " " + f)
                        .isEqualTo(Files.readAllBytes(whole.resolve(f)));
            }
            assertThat(whole.resolve("convergence.png")).isNotEmptyFile();
            assertThat(Files.readString(whole.resolve("best.json"))).contains("\"evaluations\"");
            assertThat(Files.exists(whole.resolve("front.csv"))).isEqualTo(r[0].startsWith("zdt"));
        }
    }

    @Test
    void aResumeWithOtherSettingsIsRefused(@TempDir Path dir) throws IOException {
        Minimization.run(spec("sphere(d=3)", "cmaes()", 100, 1), dir, false, null);
        assertThatThrownBy(() -> Minimization.run(spec("sphere(d=3)", "cbo()", 200, 1), dir, true, null))
                .isInstanceOf(IOException.class).hasMessageContaining("belongs to a run with method cmaes()");
        assertThatThrownBy(() -> Minimization.run(spec("sphere(d=3)", "cmaes()", 200, 1), dir.resolve("none"), true,
                null)).isInstanceOf(IOException.class).hasMessageContaining("no checkpoint at");
        assertThatThrownBy(() -> Minimization.run(spec("zdt1", "cmaes()", 200, 1), dir.resolve("x"), false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handles one objective, but zdt1(n=30) has 2; use a multi-objective method");
    }
}
