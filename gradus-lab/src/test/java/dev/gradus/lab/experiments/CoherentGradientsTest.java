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

class CoherentGradientsTest {
    @Test
    void quickPresetReproducesTheClaim(@TempDir Path dir) throws IOException {
        LabReport report = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new CoherentGradients()));
        ExperimentRun run = report.experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.verdict()).as(run.checks() + "\n" + run.metrics()).isEqualTo(Verdict.REPRODUCED);
        assertThat(run.plots()).hasSize(2);
        assertThat(run.metrics().get("coherence_ratio_t10")).isBetween(2.0, 1e9);
    }

    @Test
    void coherenceEqualsTheDefinitionOnPerExampleGradients() {
        dev.gradus.tensor.RandomStream rng = dev.gradus.tensor.RandomStream.of(11);
        dev.gradus.nn.Linear first = new dev.gradus.nn.Linear(3, 4, rng);
        dev.gradus.nn.Linear second = new dev.gradus.nn.Linear(4, 3, rng);
        dev.gradus.tensor.Tensor xs = dev.gradus.tensor.Tensor.randn(rng, 5, 3);
        dev.gradus.tensor.Tensor ys = dev.gradus.tensor.Tensor.vector(0, 2, 1, 1, 0);
        dev.gradus.tensor.Tensor sum1 = dev.gradus.tensor.Tensor.zeros(4, 3);
        dev.gradus.tensor.Tensor sum2 = dev.gradus.tensor.Tensor.zeros(3, 4);
        double norms = 0;
        for (int i = 0; i < 5; i++) {
            dev.gradus.autodiff.Var z = second.forward(first.forward(
                    dev.gradus.autodiff.Var.constant(xs.narrow(0, i, 1))).relu());
            dev.gradus.autodiff.Var l = new dev.gradus.nn.CrossEntropyLoss().apply(z, ys.narrow(0, i, 1));
            List<dev.gradus.tensor.Tensor> g = dev.gradus.autodiff.Autodiff.grad(l,
                    List.of(first.weight().node(), second.weight().node()));
            sum1 = sum1.add(g.get(0));
            sum2 = sum2.add(g.get(1));
            norms += g.get(0).square().sum() + g.get(1).square().sum();
        }
        double expected = (sum1.square().sum() + sum2.square().sum()) / norms;
        assertThat(CoherentGradients.coherence(first, second, xs, ys))
                .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12));
    }
}
