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

class XorGrokkingTest {
    @Test
    void quickPresetReproducesTheClaim(@TempDir Path dir) throws IOException {
        LabReport report = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new XorGrokking()));
        ExperimentRun run = report.experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.verdict()).as(run.checks() + "\n" + run.metrics()).isEqualTo(Verdict.REPRODUCED);
        assertThat(run.plots()).hasSize(2);
        assertThat(run.metrics().get("test_acc_final")).isBetween(0.95, 1.0);
    }
}
