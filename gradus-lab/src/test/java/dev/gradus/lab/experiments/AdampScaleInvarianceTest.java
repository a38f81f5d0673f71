package dev.gradus.lab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.lab.Check;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Preset;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick preset's outcome, clause by clause. The norm claim reproduces for both pairs and AdamP's loss claim
 * too; the library's SGDP (the official code, which projects its momentum buffer in place) does not end below
 * SGD-momentum's loss at step 50, so the honest verdict is NOT_REPRODUCED. If SGDP or the criterion changes, this
 * test says so.
 */
class AdampScaleInvarianceTest {
    @Test
    void quickPresetReproducesTheNormClaimButNotSgdpsLossClause(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new AdampScaleInvariance()))
                .experiments().get(0);
        assertThat(run.error()).isNull();
        Map<String, Verdict> clauses = new LinkedHashMap<>();
        for (Check c : run.checks()) {
            clauses.put(c.clause(), c.verdict());
        }
        assertThat(clauses).containsExactly(
                Map.entry("(precondition) gd_lemma_max_relative_residual < 1e-10", Verdict.REPRODUCED),
                Map.entry("sgdp_norm_over_sgd_norm < 1", Verdict.REPRODUCED),
                Map.entry("sgdp_loss_over_sgd_loss < 1", Verdict.NOT_REPRODUCED),
                Map.entry("adamp_norm_over_adam_norm < 1", Verdict.REPRODUCED),
                Map.entry("adamp_loss_over_adam_loss < 1", Verdict.REPRODUCED));
        assertThat(run.verdict()).isEqualTo(Verdict.NOT_REPRODUCED);

        Map<String, Double> m = run.metrics();
        // Momentum inflates the norm "much faster": the spec's numpy check has 4.35 against SGDP's 1.20.
        assertThat(m.get("sgd_norm_over_sgdp_norm")).isGreaterThan(2.5);
        assertThat(m.get("gd_norm_t50")).isLessThan(m.get("sgd_norm_t50"));
        // The paper's form of SGDP (buffer not projected) reproduces the spec's numpy check: loss ~1.1e-4 at t = 50.
        assertThat(m.get("sgdp_paper_form_loss_t50")).isLessThan(m.get("sgd_loss_t50")).isBetween(5e-5, 2e-4);
        assertThat(run.plots()).hasSize(3);
        assertThat(run.notes()).anySatisfy(n -> assertThat(n).contains("projects d_p in place"));
    }
}
