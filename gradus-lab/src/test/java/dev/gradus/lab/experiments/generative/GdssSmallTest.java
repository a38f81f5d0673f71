package dev.gradus.lab.experiments.generative;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.lab.ClaimResult;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Preset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GdssSmallTest {
    @Test
    void quickPreset(@TempDir Path dir) throws IOException {
        long t0 = System.nanoTime();
        ExperimentRun run = LabRunner.to(Path.of("/tmp/gdss-lab")).preset(Preset.QUICK).run(List.of(new GdssSmall()))
                .experiments().get(0);
        System.out.println("SECONDS " + (System.nanoTime() - t0) / 1e9);
        assertThat(run.error()).isNull();
        for (ClaimResult c : run.claims()) {
            System.out.println("CLAIM " + c.id() + " " + c.verdict() + " " + c.why() + " | control " + c.control().held()
                    + " " + c.control().deciding());
        }
    }
}
