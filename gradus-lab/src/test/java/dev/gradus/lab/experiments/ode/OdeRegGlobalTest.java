package dev.gradus.lab.experiments.ode;

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

class OdeRegGlobalTest {
    @Test
    void quickPresetReproducesAndTheControlFails(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).run(List.of(new OdeRegGlobal())).experiments().get(0);
        assertThat(run.error()).isNull();
        ClaimResult c = run.claims().get(0);
        assertThat(c.verdict()).as(c.why()).isEqualTo(Verdict.REPRODUCED);
        assertThat(c.control().held()).as(c.control().deciding()).isFalse();
    }
}
