package dev.gradus.lab.experiments.theory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.lab.ClaimResult;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Preset;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GdaTest {
    @Test
    void quickPresetVerdictsAndFailingControls(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new Gda())).experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.claims()).hasSize(3);
        for (ClaimResult c : run.claims()) {
            assertThat(c.verdict()).as(c.id() + ": " + c.why()).isEqualTo(Verdict.REPRODUCED);
            assertThat(c.control().held()).as(c.id() + ": " + c.control().deciding()).isFalse();
        }
    }
}
