package dev.gradus.lab.experiments.ode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.lab.ClaimResult;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PiHcMoeTest {
    @Test
    void quickPresetVerdictsAndControls(@TempDir Path dir) throws IOException {
        long t0 = System.nanoTime();
        ExperimentRun run = LabRunner.to(dir).run(List.of(new PiHcMoe())).experiments().get(0);
        System.out.println("pi-hc-moe quick: " + (System.nanoTime() - t0) / 1e9 + " s");
        assertThat(run.error()).isNull();
        for (ClaimResult c : run.claims()) {
            System.out.println(c.id() + " " + c.verdict() + " | " + c.why() + " | control held " + c.control().held()
                    + " " + c.deciding());
        }
        for (var so : run.seedOutcomes()) {
            System.out.println(so.seed() + " " + new java.util.TreeMap<>(so.metrics()));
        }
    }
}
