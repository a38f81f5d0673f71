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

class IclRevisitTest {
    @Test
    void quickPresetVerdictsAndFailingControls(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new IclRevisit())).experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.claims()).hasSize(4);
        for (ClaimResult c : run.claims()) {
            assertThat(c.verdict()).as(c.id() + ": " + c.why()).isEqualTo(Verdict.REPRODUCED);
            assertThat(c.control().held()).as(c.id() + ": " + c.control().deciding()).isFalse();
        }
    }
}
