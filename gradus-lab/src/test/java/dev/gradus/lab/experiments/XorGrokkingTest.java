package dev.gradus.lab.experiments;

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

class XorGrokkingTest {
    @Test
    void quickPresetDecidesEachClaimOverSeedsAndTheControlsFail(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new XorGrokking())).experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.seeds()).hasSize(10);
        ClaimResult overfit = run.claims().get(0);
        assertThat(overfit.verdict()).as(overfit.why()).isEqualTo(Verdict.REPRODUCED);
        assertThat(overfit.control().held()).isFalse();
        // Grokking by step 20 holds in only some seeds at this size (about 3 of 10): the claim holds in part.
        ClaimResult groks = run.claims().get(1);
        assertThat(groks.verdict()).as(groks.why()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(groks.subject().seeds()).anyMatch(s -> s.verdict() == Verdict.REPRODUCED);
        assertThat(groks.control().held()).isFalse();
        assertThat(run.plots()).hasSize(2);
    }
}
