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

class IclByGdTest {
    @Test
    void quickPresetDecidesEachClaimAndTheCosineControlPasses(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new IclByGd())).experiments().get(0);

        assertThat(run.error()).isNull();
        assertThat(run.seeds()).hasSize(3);
        // A seed may stay on the factored layer's initial plateau; it is skipped, not counted, and at least two
        // of the three must train for the claims to be decided.
        assertThat(run.seedOutcomes()).filteredOn(dev.gradus.lab.SeedOutcome::ran).hasSizeGreaterThanOrEqualTo(2);
        java.util.Map<String, dev.gradus.lab.ClaimResult> claims = new java.util.HashMap<>();
        run.claims().forEach(c -> claims.put(c.id(), c));
        assertThat(claims.get("loss-matches").verdict()).as(claims.get("loss-matches").why())
                .isEqualTo(Verdict.REPRODUCED);
        assertThat(claims.get("loss-matches").control().held()).isFalse();
        // A GD step of the wrong size has sensitivities parallel to GD's: the cosine alone cannot decide.
        assertThat(claims.get("sensitivity-cosine").control().held()).isTrue();
        assertThat(claims.get("sensitivity-cosine").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(claims.get("sensitivity-match").verdict()).as(claims.get("sensitivity-match").why())
                .isEqualTo(Verdict.REPRODUCED);
        assertThat(claims.get("sensitivity-match").control().held()).isFalse();
        assertThat(run.plots()).hasSize(3);
    }

    @Test
    void theConstructionIsOneGdStep() {
        InContextRegression task = new InContextRegression(3, 7, 0, null, null, 1, false);
        InContextRegression.Batch b = task.sample(9, dev.gradus.tensor.RandomStream.of(4));
        dev.gradus.tensor.Tensor viaLayer = LsaTraining.predictions(IclByGd.construction(3, 1.7), b, -1);
        dev.gradus.tensor.Tensor viaFormula = InContextRegression.gdPredictions(b, dev.gradus.tensor.Tensor.eye(3).mul(1.7));
        assertThat(viaLayer.allClose(viaFormula, 1e-12, 1e-12)).isTrue();
    }
}
