package dev.gradus.lab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.lab.ClaimResult;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Preset;
import dev.gradus.lab.SeedOutcome;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicalStabilityTest {
    @Test
    void quickPresetDecidesEachClaimOverSeedsAndTheControlsFail(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new DynamicalStability()))
                .experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.seedOutcomes()).extracting(SeedOutcome::status).containsOnly(SeedOutcome.Status.RAN);
        for (ClaimResult c : run.claims()) {
            assertThat(c.verdict()).as(c.id() + ": " + c.why()).isEqualTo(Verdict.REPRODUCED);
            assertThat(c.control().held()).as(c.id() + " control").isFalse();
        }
        for (SeedOutcome o : run.seedOutcomes()) {
            assertThat(o.metrics().get("power_iteration_not_converged")).isZero();
            // GD at eta = 0.05 violates SGD's bound, the contrast the trace-bound claim's control shows.
            assertThat(o.metrics().get("gd.trace_eta_0.05") * 0.05 / 2).isGreaterThan(1);
        }
        assertThat(run.plots()).hasSize(4);
    }
}
