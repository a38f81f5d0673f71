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

class LsaOneStepGdTest {
    @Test
    void quickPresetDecidesEachClaimOverSeedsAndTheControlsFail(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new LsaOneStepGd())).experiments()
                .get(0);
        assertThat(run.error()).isNull();
        assertThat(run.seeds()).hasSize(3);
        for (dev.gradus.lab.ClaimResult c : run.claims()) {
            assertThat(c.verdict()).as(c.id() + ": " + c.why()).isEqualTo(Verdict.REPRODUCED);
            assertThat(c.control().held()).as(c.id() + " control").isFalse();
        }
        assertThat(run.plots()).hasSize(3);
    }

    @Test
    void compressedContextLeavesTheQueryOutputUnchanged() {
        InContextRegression task = InContextRegression.isotropic(4, 12, 0.5);
        InContextRegression.Batch full = task.sample(16, dev.gradus.tensor.RandomStream.of(5));
        InContextRegression.Batch small = full.compressed();
        assertThat(small.tokens().shape()).containsExactly(16, 6, 5);
        dev.gradus.nn.LinearSelfAttention lsa = dev.gradus.nn.LinearSelfAttention.builder(5)
                .parametrisation(dev.gradus.nn.LinearSelfAttention.Parametrisation.MERGED)
                .mask(dev.gradus.nn.AttentionMask.excludeLast(1)).residual(false)
                .init(dev.gradus.nn.Initializer.normal(0, 1)).build(dev.gradus.tensor.RandomStream.of(6));
        assertThat(LsaTraining.predictions(lsa, small, 1).allClose(LsaTraining.predictions(lsa, full, 1), 1e-10, 1e-10))
                .isTrue();
    }
}
