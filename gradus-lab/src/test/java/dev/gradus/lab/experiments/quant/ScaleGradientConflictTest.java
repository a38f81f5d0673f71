package dev.gradus.lab.experiments.quant;

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

class ScaleGradientConflictTest {
    /**
     * Conflicts are measurable (REPRODUCED). Disorder-based freezing cuts the oscillation by 20% in only 3 of 5 quick
     * seeds (4 needed), so that claim is NOT_REPRODUCED at this scale; random freezing passes in fewer seeds still.
     */
    @Test
    void quickPresetMeasuresConflictsButFreezingDoesNotReliablyCutOscillation(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new ScaleGradientConflict()))
                .experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.claims()).hasSize(2);
        for (ClaimResult c : run.claims()) {
            System.out.println("gaqat " + c.id() + ": " + c.verdict() + " " + c.why() + " | subject "
                    + c.subject().seeds() + (c.control() == null ? "" : " | control " + c.control().seeds()));
        }
        ClaimResult conflicts = run.claims().get(0);
        assertThat(conflicts.verdict()).as(conflicts.why()).isEqualTo(Verdict.REPRODUCED);
        ClaimResult freezing = run.claims().get(1);
        assertThat(freezing.verdict()).as(freezing.why()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(freezing.control().held()).as(freezing.control().deciding()).isFalse();
    }
}
