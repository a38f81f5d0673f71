package dev.gradus.lab.experiments.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

class AdaBeliefToysTest {
    @Test
    void quickPresetReproducesTheWeakMajorityAndSgdFailsIt(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new AdaBeliefToys()))
                .experiments().get(0);
        assertThat(run.error()).isNull();
        ClaimResult c = run.claims().get(0);
        assertThat(c.verdict()).as(c.why()).isEqualTo(Verdict.REPRODUCED);
        assertThat(c.control().held()).as(c.control().deciding()).isFalse();
    }

    @Test
    void theGradientsAreThoseOfTheFunctions() {
        double h = 1e-6;
        for (String f : new String[] {"abs", "abs_rotated", "quadratic", "rosenbrock"}) {
            double x = 0.37;
            double y = -0.81;
            double[] g = AdaBeliefToys.gradient(f, x, y);
            assertThat(g[0]).as(f + " d/dx").isCloseTo((AdaBeliefToys.value(f, x + h, y)
                    - AdaBeliefToys.value(f, x - h, y)) / (2 * h), within(1e-5));
            assertThat(g[1]).as(f + " d/dy").isCloseTo((AdaBeliefToys.value(f, x, y + h)
                    - AdaBeliefToys.value(f, x, y - h)) / (2 * h), within(1e-5));
        }
    }
}
