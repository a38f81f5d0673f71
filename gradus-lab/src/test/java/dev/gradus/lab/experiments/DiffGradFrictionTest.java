package dev.gradus.lab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Preset;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffGradFrictionTest {
    @Test
    void quickPresetReproducesTheFigureButNotTheGrid(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new DiffGradFriction()))
                .experiments().get(0);
        assertThat(run.error()).isNull();
        java.util.Map<String, Double> m = run.seedOutcomes().get(0).metrics();
        // An independent numpy run of the authors' notebook: Adam 0.2001, diffGrad -0.3001 after 299 updates.
        assertThat(m.get("adam.f1_final_x")).isCloseTo(0.2001, within(1e-4));
        assertThat(m.get("diffgrad.f1_final_x")).isCloseTo(-0.3001, within(1e-4));
        assertThat(m.get("adam.f2_final_x")).isCloseTo(0.000177, within(1e-5));
        assertThat(m.get("diffgrad.f2_final_x")).isCloseTo(-0.8121, within(1e-4));
        dev.gradus.lab.ClaimResult figure = run.claims().get(0);
        assertThat(figure.verdict()).as(figure.why()).isEqualTo(Verdict.REPRODUCED);
        assertThat(figure.control().held()).isFalse();
        assertThat(run.claims().get(1).verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(run.claims().get(1).control().held()).isFalse();
        // Away from lr 0.1 the advantage does not hold (it reverses at lr 0.2).
        assertThat(run.claims().get(2).verdict()).isEqualTo(Verdict.NOT_REPRODUCED);
        assertThat(run.plots()).hasSize(5);
        assertThat(Files.readString(dir.resolve("diffgrad-friction/f1_trajectories.csv")))
                .startsWith("t,adam,diffgrad\n");
    }

    @Test
    void f2ValueIsAnAntiderivativeOfItsGradient() {
        for (double x = -0.85; x < 0.8; x += 0.05) {
            double h = 1e-6;
            DoubleUnaryOperator f = DiffGradFriction.F2.f();
            double numeric = (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
            assertThat(numeric).isCloseTo(DiffGradFriction.F2.grad().applyAsDouble(x), within(1e-6));
        }
    }
}
