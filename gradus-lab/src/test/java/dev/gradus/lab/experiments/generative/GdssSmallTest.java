package dev.gradus.lab.experiments.generative;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.lab.ClaimResult;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Preset;
import dev.gradus.lab.SeedOutcome;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the measured quick-preset outcome: at this scale neither model reaches the paper's MMD range, so both
 * claims are NOT_REPRODUCED (the data-floor preconditions hold, so the failure is the models', not the test's),
 * and the adjacency-only control fails the same tests.
 */
class GdssSmallTest {
    @Test
    void quickPresetPinsNotReproducedWithTheControlFailingToo(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new GdssSmall())).experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.claims()).extracting(ClaimResult::id).containsExactly("degree", "clustering");
        for (ClaimResult c : run.claims()) {
            assertThat(c.verdict()).as(c.id() + ": " + c.why()).isEqualTo(Verdict.NOT_REPRODUCED);
            assertThat(c.control().held()).as(c.id() + ": " + c.control().deciding()).isFalse();
            assertThat(c.precondition().held()).as(c.id() + ": " + c.precondition().deciding()).isTrue();
        }
        // the clustering MMD separates community structure from density alone: the density-matched Erdős–Rényi
        // reference is far above the floor of two samples of real graphs
        double[] floor = metric(run, "data.cluster_mmd");
        double[] er = metric(run, "er.cluster_mmd");
        assertThat(SeedResults.median(er)).isGreaterThan(5 * SeedResults.median(floor));
    }

    private static double[] metric(ExperimentRun run, String name) {
        List<SeedOutcome> seeds = run.seedOutcomes();
        double[] v = new double[seeds.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = seeds.get(i).metrics().get(name);
        }
        return v;
    }
}
