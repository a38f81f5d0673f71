package dev.gradus.lab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Preset;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicalStabilityTest {
    @Test
    void quickPresetReproducesTheClaim(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new DynamicalStability()))
                .experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.verdict()).as(run.checks().toString()).isEqualTo(Verdict.REPRODUCED);
        assertThat(run.plots()).hasSize(5);
    }
}
