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

class IclByGdTest {
    @Test
    void quickPresetReproducesTheClaim(@TempDir Path dir) throws IOException {
        LabReport report = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new IclByGd()));
        ExperimentRun run = report.experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.verdict()).as(run.checks() + "\n" + run.metrics()).isEqualTo(Verdict.REPRODUCED);
        assertThat(run.plots()).hasSize(3);
        assertThat(run.metrics().get("model_cos")).isBetween(0.99, 1.0);
    }

    @Test
    void theConstructionIsOneGdStep() {
        InContextRegression task = new InContextRegression(3, 7, 0, null, null, 1, false);
        InContextRegression.Batch b = task.sample(9, dev.gradus.tensor.RandomStream.of(4));
        dev.gradus.tensor.Tensor viaLayer = LsaTraining.predictions(IclByGd.construction(3, 1.7), b, -1);
        dev.gradus.tensor.Tensor viaFormula = InContextRegression.gdPredictions(b, dev.gradus.tensor.Tensor.eye(3).mul(1.7));
        assertThat(viaLayer.allClose(viaFormula, 1e-12, 1e-12)).isTrue();
    }
}
