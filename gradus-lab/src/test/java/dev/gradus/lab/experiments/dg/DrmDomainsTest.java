package dev.gradus.lab.experiments.dg;

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

class DrmDomainsTest {
    @Test
    void quickPresetVerdictsAndControls(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new DrmDomains())).experiments()
                .get(0);
        assertThat(run.error()).isNull();
        assertThat(run.claims()).extracting(ClaimResult::id).containsExactly("drm-over-erm",
                "entropy-heads-over-erm");
        for (ClaimResult c : run.claims()) {
            // Measured: on these rotation/contrast shifts the heads' entropies are nearly equal (weights 0.22-0.28),
            // so entropy weighting is no better than the uniform average, both a little below pooled ERM; the
            // pseudo-label steering (about half the stream labelled) lowers every model's accuracy. Both claims
            // are NOT_REPRODUCED, and their controls fail the same test. (The head of the source closest to the
            // target alone beats ERM by several points; the entropy does not single it out.)
            assertThat(c.verdict()).as(c.id() + ": " + c.why()).isEqualTo(Verdict.NOT_REPRODUCED);
            assertThat(c.control().held()).as(c.id() + ": " + c.control().deciding()).isFalse();
        }
    }
}
