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

/** The quick preset of npg-igt-harpg reproduces every claim, and every control fails. */
class NpgIgtHarpgTest {

    @Test
    void quickPresetReproducesAndTheControlsFail(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).run(List.of(new NpgIgtHarpg())).experiments().get(0);
        assertThat(run.error()).isNull();
        for (ClaimResult c : run.claims()) {
            assertThat(c.verdict()).as(c.id() + ": " + c.why()).isEqualTo(Verdict.REPRODUCED);
            assertThat(c.control().held()).as(c.control().deciding()).isFalse();
        }
    }
}
