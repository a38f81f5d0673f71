package dev.gradus.lab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabReport;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Preset;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixSensingTest {
    @Test
    void quickPresetDecidesEachClaimOverSeedsAndTheControlsFail(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new MatrixSensing())).experiments()
                .get(0);
        assertThat(run.error()).isNull();
        assertThat(run.seeds()).hasSize(3);
        for (dev.gradus.lab.ClaimResult c : run.claims()) {
            if (!c.id().equals("asymmetric-rate-alpha-squared")) {
                assertThat(c.verdict()).as(c.id() + ": " + c.why()).isEqualTo(Verdict.REPRODUCED);
            }
            assertThat(c.control().held()).as(c.id() + " control").isFalse();
        }
        assertThat(run.plots()).hasSize(4);
    }

    @Test
    void rebalancingKeepsTheProductAndMakesFWellConditioned() {
        int n = 6;
        int k = 3;
        double[] f = new double[n * k];
        double[] g = new double[n * k];
        dev.gradus.tensor.RandomStream rng = dev.gradus.tensor.RandomStream.of(3);
        rng.fillNormal(f);
        rng.fillNormal(g);
        double[] before = product(f, g, n, k);
        SensingGd.rebalance(f, g, n, k);
        double[] after = product(f, g, n, k);
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i]).isCloseTo(before[i], org.assertj.core.api.Assertions.within(1e-12));
        }
        for (int a = 0; a < k; a++) { // F^T F = I
            for (int b = 0; b < k; b++) {
                double s = 0;
                for (int p = 0; p < n; p++) {
                    s += f[p * k + a] * f[p * k + b];
                }
                assertThat(s).isCloseTo(a == b ? 1 : 0, org.assertj.core.api.Assertions.within(1e-12));
            }
        }
    }

    private static double[] product(double[] f, double[] g, int n, int k) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int c = 0; c < k; c++) {
                    m[i * n + j] += f[i * k + c] * g[j * k + c];
                }
            }
        }
        return m;
    }
}
