package dev.gradus.lab.experiments.zeroth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.lab.ClaimResult;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each derivative-free experiment's quick preset reproduces every claim, and every control fails. */
class ZerothExperimentsTest {

    @ParameterizedTest
    @ValueSource(strings = {"cbo-global", "zo-ranksgd", "nsga-front", "deep-ga"})
    void quickPresetReproducesAndTheControlsFail(String id, @TempDir Path dir) throws IOException {
        Experiment e = switch (id) {
            case "cbo-global" -> new CboGlobal();
            case "zo-ranksgd" -> new ZoRankSgd();
            case "deep-ga" -> new DeepGaMountainCar();
            default -> new NsgaFront();
        };
        ExperimentRun run = LabRunner.to(dir).run(List.of(e)).experiments().get(0);
        assertThat(run.error()).isNull();
        for (ClaimResult c : run.claims()) {
            assertThat(c.verdict()).as(c.why()).isEqualTo(Verdict.REPRODUCED);
            assertThat(c.control().held()).as(c.control().deciding()).isFalse();
        }
    }
}
