package dev.gradus.lab.experiments.rl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.lab.ClaimResult;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Verdict;
import dev.gradus.rl.env.OfflineDataset;
import dev.gradus.tensor.RandomStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick preset of odice: the orthogonal-gradient policy succeeds from corridor and interior starts where the true
 * gradient's and the semi-gradient's do not; the semi-gradient's own claim (semi ≫ true) does not reproduce here.
 */
class OdiceOrthogonalTest {

    @Test
    void quickPresetVerdicts(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).run(List.of(new OdiceOrthogonal())).experiments().get(0);
        assertThat(run.error()).isNull();
        Map<String, ClaimResult> claims = run.claims().stream().collect(Collectors.toMap(ClaimResult::id,
                Function.identity()));
        for (String id : List.of("in-distribution", "out-of-distribution")) {
            ClaimResult c = claims.get(id);
            assertThat(c.verdict()).as(id + ": " + c.why()).isEqualTo(Verdict.REPRODUCED);
            assertThat(c.control().held()).as(c.control().deciding()).isFalse();
        }
        ClaimResult semi = claims.get("semi-vs-true");
        assertThat(semi.verdict()).as(semi.why()).isEqualTo(Verdict.NOT_REPRODUCED);
    }

    @Test
    void theDataStayInTheCorridorAndAreCutWhenTheyLeaveIt() {
        OfflineDataset d = OdiceOrthogonal.data(RandomStream.of(1), 50);
        double[] obs = d.observations().data();
        for (int i = 0; i < d.size(); i++) {
            double x = obs[2 * i];
            double y = obs[2 * i + 1];
            assertThat(y <= -1 + 2.0 / 9 + 1e-12 || x >= 1 - 2.0 / 9 - 1e-12).as("row " + i).isTrue();
        }
        assertThat(d.starts().sum()).isEqualTo(50);
        assertThat(d.terminals().sum() + d.timeouts().sum()).isEqualTo(50);
    }
}
