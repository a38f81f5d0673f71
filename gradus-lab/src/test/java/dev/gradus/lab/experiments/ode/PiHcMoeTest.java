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
 * Pins the measured quick-preset verdicts: none of the four claims reproduces at this scale. The single
 * hard-constraint solve has the lowest error in 4 of 5 seeds (so the control of the second claim passes); the mixture
 * is the least steady across initialisations (median spread about 1.3 against the soft PINN's 0.16, which passes);
 * with 64 constraints per expert on 24 basis functions no method meets its constraints to 1e-4, although the
 * mixture's residuals are the smallest.
 */
class PiHcMoeTest {
    @Test
    void quickPresetVerdictsAndControlsArePinned(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).run(List.of(new PiHcMoe())).experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.claims()).extracting(ClaimResult::id)
                .containsExactly("lower-error", "lower-error-than-single", "lower-variance", "constraints-hold");

        ClaimResult lowerError = run.claims().get(0);
        assertThat(lowerError.verdict()).as(lowerError.why()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(lowerError.subject().held()).as(lowerError.deciding()).isFalse();
        assertThat(lowerError.control().held()).as(lowerError.deciding()).isFalse();

        ClaimResult vsSingle = run.claims().get(1);
        assertThat(vsSingle.verdict()).as(vsSingle.why()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(vsSingle.subject().held()).as(vsSingle.deciding()).isFalse();
        assertThat(vsSingle.control().held()).as(vsSingle.deciding()).isTrue(); // the single solve is the best method

        ClaimResult variance = run.claims().get(2);
        assertThat(variance.verdict()).as(variance.why()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(variance.subject().held()).as(variance.deciding()).isFalse();
        assertThat(variance.control().held()).as(variance.deciding()).isTrue(); // the soft PINN is the steadier one

        ClaimResult constraints = run.claims().get(3);
        assertThat(constraints.verdict()).as(constraints.why()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(constraints.subject().held()).as(constraints.deciding()).isFalse();
        assertThat(constraints.control().held()).as(constraints.deciding()).isFalse();

        // the measurements behind them: the mixture's error is above the single solve's on the median, while its
        // per-expert solves do leave smaller constraint residuals than the one global solve
        assertThat(run.metrics().get("median_moe_error")).isGreaterThan(run.metrics().get("median_single_error"));
        assertThat(run.metrics().get("median_moe_constraint_rms"))
                .isLessThan(run.metrics().get("median_single_constraint_rms"));
    }
}
