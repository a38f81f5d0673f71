package dev.gradus.lab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabReport;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Preset;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixSensingTest {
    @Test
    void quickPresetDecidesEachClaimOverSeedsAndTheControlsFail(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new MatrixSensing())).experiments()
                .get(0);
        assertThat(run.error()).isNull();
        assertThat(run.seeds()).hasSize(3);
        for (dev.gradus.lab.ClaimResult c : run.claims()) {
            if (!c.id().equals("asymmetric-rate-alpha-squared")) {
                assertThat(c.verdict()).as(c.id() + ": " + c.why()).isEqualTo(Verdict.REPRODUCED);
            }
            assertThat(c.control().held()).as(c.id() + " control").isFalse();
        }
        assertThat(run.plots()).hasSize(4);
    }
}
