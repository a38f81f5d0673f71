package dev.gradus.lab.experiments.dg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

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

class ParetoDaTest {
    @Test
    void quickPresetVerdictsAndControls(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).preset(Preset.QUICK).run(List.of(new ParetoDa())).experiments().get(0);
        assertThat(run.error()).isNull();
        assertThat(run.claims()).hasSize(2);
        for (ClaimResult c : run.claims()) {
            // With target entropy as the surrogate, the guide over-favours it on some seeds: the direction matches
            // the best fixed weighting but does not beat MGDA reliably (see the experiment's notes).
            Verdict expected = c.id().equals("beats-mgda") ? Verdict.NOT_REPRODUCED : Verdict.REPRODUCED;
            assertThat(c.verdict()).as(c.id() + ": " + c.why()).isEqualTo(expected);
            assertThat(c.control().held()).as(c.id() + ": " + c.control().deciding()).isFalse();
        }
    }

    @Test
    void theFusedMmdEqualsTheCompositeGraphAndHasCorrectGradients() {
        RandomStream rng = RandomStream.of(11);
        Tensor a = Tensor.randn(rng, 7, 3);
        Tensor b = Tensor.randn(rng, 5, 3).add(0.5);
        // Two equal rows (as ReLU features that are all zero): a zero distance off the diagonal.
        System.arraycopy(a.data(), 0, a.data(), 3, 3);
        a.markModified();
        Var va = Var.param(a);
        Var vb = Var.param(b);
        Var fused = ParetoDa.mmd(va, vb);
        Var composite = ParetoDa.mmdComposite(va, vb);
        assertThat(fused.item()).isCloseTo(composite.item(), within(1e-14));
        List<Tensor> gf = Autodiff.grad(fused, List.of(va, vb));
        List<Tensor> gc = Autodiff.grad(composite, List.of(va, vb));
        for (int i = 0; i < 2; i++) {
            assertThat(gf.get(i).data()).containsExactly(gc.get(i).data(), within(1e-13));
        }
        // The differentiable path (for higher orders) is the composite's own gradient graph.
        List<Var> gg = Autodiff.gradGraph(ParetoDa.mmd(va, vb), List.of(va, vb));
        for (int i = 0; i < 2; i++) {
            assertThat(gg.get(i).value().data()).containsExactly(gc.get(i).data(), within(1e-13));
        }
    }
}
