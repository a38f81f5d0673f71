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

/**
 * Pins the measured quick-preset verdicts of ode-reg-local. The local regulariser lowers the NFE as much as the global
 * one (like-global reproduced), but costs test accuracy on most seeds (fewer-nfe not reproduced: the accuracy clause
 * fails) and needs more evaluations of f in training than the global one (cheaper-training not reproduced). Every
 * control fails its claim's test.
 */
class OdeRegLocalTest {
    @Test
    void quickPresetVerdictsAndFailingControls(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).run(List.of(new OdeRegLocal())).experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.claims()).hasSize(3);
        expect(run.claims().get(0), "fewer-nfe", Verdict.NOT_REPRODUCED);
        expect(run.claims().get(1), "like-global", Verdict.REPRODUCED);
        expect(run.claims().get(2), "cheaper-training", Verdict.NOT_REPRODUCED);
    }

    private static void expect(ClaimResult c, String id, Verdict verdict) {
        assertThat(c.id()).isEqualTo(id);
        assertThat(c.verdict()).as(c.id() + ": " + c.why()).isEqualTo(verdict);
        assertThat(c.control().held()).as(c.id() + " control: " + c.control().deciding()).isFalse();
    }
}
