package dev.gradus.lab.guide;

import dev.gradus.lab.ClaimResult;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The guide's example experiment and its test, and a check that the guide still shows this very code. */
class HeavyBallRateTest {
    @Test
    void quickPresetReproducesAndTheControlFails(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).run(List.of(new HeavyBallRate())).experiments().get(0);
        assertThat(run.error()).isNull();
        ClaimResult c = run.claims().get(0);
        assertThat(c.verdict()).as(c.why()).isEqualTo(Verdict.REPRODUCED);
        assertThat(c.control().held()).as(c.control().deciding()).isFalse();
    }

    @Test
    void theGuideShowsThisExample() throws IOException {
        String guide = Files.readString(Path.of("WRITING-EXPERIMENTS.md"), StandardCharsets.UTF_8);
        String code = Files.readString(Path.of("src/test/java/dev/gradus/lab/guide/HeavyBallRate.java"));
        String body = code.substring(code.indexOf("public final class HeavyBallRate"));
        assertThat(guide).contains(body);
    }
}
