package dev.gradus.lab.experiments.rl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.lab.ClaimResult;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick preset of mdpo: the tabular claims reproduce (m = 5 fails the PG-identity test); on CartPole's 12,288
 * steps MDPO does not reach 0.7 of PPO's return, so that claim does not reproduce at this scale.
 */
class MdpoMirrorDescentTest {

    @Test
    void quickPresetVerdicts(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).run(List.of(new MdpoMirrorDescent())).experiments().get(0);
        assertThat(run.error()).isNull();
        Map<String, ClaimResult> claims = run.claims().stream().collect(Collectors.toMap(ClaimResult::id,
                Function.identity()));
        ClaimResult md = claims.get("approaches-exact-md");
        assertThat(md.verdict()).as(md.why()).isEqualTo(Verdict.REPRODUCED);
        ClaimResult pg = claims.get("m1-is-pg");
        assertThat(pg.verdict()).as(pg.why()).isEqualTo(Verdict.REPRODUCED);
        assertThat(pg.control().held()).as(pg.control().deciding()).isFalse();
        ClaimResult cp = claims.get("cartpole-matches-ppo");
        assertThat(cp.verdict()).as(cp.why()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(cp.control().held()).as(cp.control().deciding()).isFalse();
    }
}
