package dev.gradus.lab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Preset;
import dev.gradus.lab.Verdict;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamSharpnessTest {
    @Test
    void quickPresetDecidesOverFiveStartsAndGdFails(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new SamSharpness()))
                .experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.seeds()).hasSize(5);
        dev.gradus.lab.ClaimResult flatter = run.claims().get(0);
        assertThat(flatter.verdict()).as(flatter.why()).isEqualTo(Verdict.REPRODUCED);
        assertThat(flatter.control().held()).isFalse();
        // At the floor the radii tie up to the final loss: the ordering is decided only above it.
        assertThat(run.claims().get(1).precondition()).isNotNull();
        // An independent numpy run from (3, 0.1): GD 9.20; SAM 2.243, 2.008, 2.001 for rho 0.05, 0.1, 0.2 (there
        // a^2 + b^2; here the exact top eigenvalue at the final iterate, off the valley by about 1e-3).
        java.util.Map<String, Double> m = run.seedOutcomes().get(0).metrics();
        assertThat(m.get("gd.sharpness")).isCloseTo(9.20, within(0.01));
        assertThat(m.get("sam_rho_0.05.sharpness")).isCloseTo(2.243, within(0.01));
        assertThat(m.get("sam_rho_0.1.sharpness")).isCloseTo(2.008, within(0.01));
        assertThat(m.get("sam_rho_0.2.sharpness")).isCloseTo(2.001, within(0.01));
        assertThat(run.plots()).hasSize(3);
    }

    @Test
    void autodiffSharpnessIsTheTopEigenvalueOfTheHessian() {
        double[][] points = {{3, 0.1}, {1, 1}, {3.016, 0.3316}, {-0.5, 2}};
        for (double[] p : points) {
            TensorMap params = new TensorMap();
            params.put("a", Tensor.of(new double[] {p[0]}, 1));
            params.put("b", Tensor.of(new double[] {p[1]}, 1));
            double exact = SamSharpness.exactTopEigenvalue(p[0], p[1]);
            assertThat(SamSharpness.sharpness(params, RandomStream.of(1))).isCloseTo(exact, within(1e-9 * exact));
        }
        // On the valley ab = 1 the top eigenvalue is a^2 + b^2.
        assertThat(SamSharpness.exactTopEigenvalue(2, 0.5)).isCloseTo(4.25, within(1e-12));
    }
}
