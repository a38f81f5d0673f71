package dev.gradus.lab.experiments.rl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.lab.ClaimResult;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick preset of dred is inconclusive, as the digest expected: in 8,000 steps the DRED agent, which spends half
 * its episodes on generated levels, does not yet solve 40% of its training levels, and no sampler beats the others by
 * 0.03 (the controls fail the test too).
 */
class DredTransferTest {

    @Test
    void quickPresetIsInconclusive(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).run(List.of(new DredTransfer())).experiments().get(0);
        assertThat(run.error()).isNull();
        for (ClaimResult c : run.claims()) {
            assertThat(c.verdict()).as(c.id() + ": " + c.why()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(c.control().held()).as(c.control().deciding()).isFalse();
        }
    }
}
