package dev.gradus.lab.experiments.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.lab.ClaimResult;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Preset;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private-GSD's quick preset runs to a decided verdict (it was measured NOT_REPRODUCED: GSD wins in 3 of 5 seeds,
 * 4 needed) and the relaxed-gradient control fails the same test.
 */
class PrivateGsdTest {
    static List<Experiment> experiments() {
        return List.of(new PrivateGsd());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("experiments")
    void quickPresetReproducesAndTheControlFails(Experiment e, @TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(e)).experiments().get(0);
        assertThat(run.error()).isNull();
        for (ClaimResult c : run.claims()) {
            assertThat(c.verdict()).as(e.id() + ": " + c.why()).isIn(Verdict.REPRODUCED, Verdict.NOT_REPRODUCED);
            assertThat(c.control().held()).as(e.id()).isFalse();
        }
    }
}
