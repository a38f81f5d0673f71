package dev.gradus.lab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Preset;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicalStabilityTest {
    @Test
    void quickPresetReproducesTheClaim(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new DynamicalStability()))
                .experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.verdict()).as(run.checks().toString()).isEqualTo(Verdict.REPRODUCED);
        Map<String, Double> m = run.metrics();
        // The spec's numpy check on its own data draw: SGD tr(H) 42.6 / 35.2 / 20.2 / 15.9 for eta 0.01 / 0.03 /
        // 0.05 / 0.06; GD lambda_max 4.81 / 3.29 for eta 0.05 / 0.6. Another draw moves them by a few percent.
        assertThat(m.get("sgd_trace_eta_0.01")).isCloseTo(42.6, withinPercentage(15));
        assertThat(m.get("sgd_trace_eta_0.03")).isCloseTo(35.2, withinPercentage(15));
        assertThat(m.get("sgd_trace_eta_0.05")).isCloseTo(20.2, withinPercentage(15));
        assertThat(m.get("sgd_trace_eta_0.06")).isCloseTo(15.9, withinPercentage(15));
        assertThat(m.get("gd_lambda_max_eta_0.05")).isCloseTo(4.81, withinPercentage(10));
        assertThat(m.get("gd_lambda_max_eta_0.6")).isCloseTo(3.29, withinPercentage(10));
        assertThat(m.get("power_iteration_not_converged")).isZero();
        assertThat(run.plots()).hasSize(5);
        // One row per run: 4 SGD step sizes with one seed, 6 GD step sizes.
        assertThat(Files.readAllLines(dir.resolve("dynamical-stability/runs.csv"))).hasSize(1 + 4 + 6);
    }
}
