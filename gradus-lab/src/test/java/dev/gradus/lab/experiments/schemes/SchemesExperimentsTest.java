package dev.gradus.lab.experiments.schemes;

import dev.gradus.lab.ClaimResult;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Preset;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Each training-scheme experiment's quick preset reproduces every claim, and every control fails. */
class SchemesExperimentsTest {

    @ParameterizedTest
    @CsvSource({"gbnn, 2", "tpsgd, 1", "dcdm, 2"})
    void quickPresetReproducesEveryClaimAndEveryControlFails(String id, int claims, @TempDir Path dir)
            throws IOException {
        Experiment e = switch (id) {
            case "gbnn" -> new GbnnSequential();
            case "tpsgd" -> new TpSgdLocal();
            default -> new DcdmPoisson();
        };
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(e)).experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.claims()).hasSize(claims);
        for (ClaimResult c : run.claims()) {
            assertThat(c.verdict()).as(c.id() + ": " + c.why()).isEqualTo(Verdict.REPRODUCED);
            assertThat(c.control().held()).as(c.id() + ": " + c.control().deciding()).isFalse();
        }
    }
}
