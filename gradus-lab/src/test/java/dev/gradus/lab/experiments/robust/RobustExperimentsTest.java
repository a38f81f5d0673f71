package dev.gradus.lab.experiments.robust;

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

/** The robustness experiments' quick presets: their verdicts, and that every negative control fails the same test. */
class RobustExperimentsTest {

    @Test
    void attacksDistillReproducesAndEveryControlFails(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new AttacksDistill())).experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.claims()).hasSize(4);
        for (ClaimResult c : run.claims()) {
            assertThat(c.verdict()).as(c.why()).isEqualTo(Verdict.REPRODUCED);
            assertThat(c.control().held()).as(c.control().deciding()).isFalse();
        }
    }

    /**
     * At this scale one epoch of fine-tuning with the slow-start-fast-decay rate stays 5-10 points of robust accuracy
     * below full adversarial training in most seeds, so the claim is not reproduced (and the constant-rate control is
     * no worse); the test pins that measured verdict.
     */
    @Test
    void advFinetuneIsNotReproducedAtThisScale(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new AdvFinetune())).experiments().get(0);
        assertThat(run.error()).isNull();
        ClaimResult c = run.claims().get(0);
        assertThat(c.verdict()).as(c.why()).isEqualTo(Verdict.NOT_REPRODUCED);
    }

    /**
     * With a dense client layer the pixel-space search recovers 4 or 8 digits almost exactly (about 42 dB), far above
     * both generator-based searches (about 20 dB), so neither claim reproduces here; the test pins that verdict.
     */
    @Test
    void gifdIsNotReproducedWithADenseClient(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new Gifd())).experiments().get(0);
        assertThat(run.error()).isNull();
        for (ClaimResult c : run.claims()) {
            assertThat(c.verdict()).as(c.why()).isEqualTo(Verdict.NOT_REPRODUCED);
        }
    }
}
