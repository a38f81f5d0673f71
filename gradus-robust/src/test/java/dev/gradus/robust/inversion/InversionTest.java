package dev.gradus.robust.inversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Linear;
import dev.gradus.nn.Module;
import dev.gradus.nn.Sequential;
import dev.gradus.nn.Sigmoid;
import dev.gradus.nn.Tanh;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class InversionTest {

    @Test
    void distancesOfAHandCase() {
        List<Var> g = List.of(Var.constant(Tensor.vector(1, 0)), Var.constant(Tensor.vector(2)));
        List<Tensor> t = List.of(Tensor.vector(0, 1), Tensor.vector(2));
        // L2: 1 + 1 + 0 = 2; cosine: <g,t> = 4, |g| = |t| = sqrt 5: 1 - 4/5 = 0.2
        assertThat(GradientDistance.L2.distance(g, t).item()).isCloseTo(2.0, within(1e-15));
        assertThat(GradientDistance.COSINE.distance(g, t).item()).isCloseTo(0.2, within(1e-15));
    }

    @Test
    void totalVariationOfAHandCase() {
        // [[0, 1], [1, 1]]: vertical diffs (1, 0) mean 0.5; horizontal (1, 0) mean 0.5
        Var img = Var.constant(Tensor.of(new double[] {0, 1, 1, 1}, 1, 2, 2));
        assertThat(TotalVariation.of(img).item()).isCloseTo(1.0, within(1e-15));
    }

    private static Module flModel(RandomStream rng) {
        return new Sequential(new Linear(4, 3, rng), new Sigmoid(), new Linear(3, 3, rng));
    }

    @Test
    void matchingObjectiveHasTheFiniteDifferenceGradient() {
        RandomStream rng = RandomStream.of(5);
        Module model = flModel(rng);
        int[] y = {0, 2};
        Tensor x = Tensor.uniform(rng, 0, 1, 2, 4);
        List<Tensor> observed = GradientMatching.observe(model, x, y);
        for (GradientDistance d : GradientDistance.values()) {
            GradientMatching m = new GradientMatching(model, y, observed, d, 0.1, 2, 2);
            Tensor probe = Tensor.uniform(rng, 0.1, 0.9, 2, 4);
            // GradCheck's finite differences run without a graph, which the inner gradient needs: differences by hand
            Var leaf = Var.leaf(probe, true);
            double[] analytic = Autodiff.grad(m.objective(leaf), List.of(leaf)).get(0).data();
            double h = 1e-6;
            for (int i = 0; i < probe.size(); i++) {
                Tensor plus = probe.copy();
                plus.data()[i] += h;
                Tensor minus = probe.copy();
                minus.data()[i] -= h;
                double fd = (m.objective(Var.constant(plus)).item() - m.objective(Var.constant(minus)).item()) / (2 * h);
                assertThat(analytic[i]).as(d + " entry " + i).isCloseTo(fd, within(1e-6 * Math.max(1, Math.abs(fd))));
            }
        }
        assertThat(new GradientMatching(model, y, observed, GradientDistance.L2, 0, 2, 2)
                .objective(Var.constant(x)).item()).isCloseTo(0.0, within(1e-20));
    }

    @Test
    void idlgReadsTheLabelFromTheLastBiasGradient() {
        RandomStream rng = RandomStream.of(6);
        Module model = flModel(rng);
        for (int label = 0; label < 3; label++) {
            List<Tensor> g = GradientMatching.observe(model, Tensor.uniform(rng, 0, 1, 1, 4), new int[] {label});
            assertThat(LabelInference.single(g.get(3))).isEqualTo(label);
            assertThat(LabelInference.present(g.get(3))).containsExactly(label);
        }
    }

    @Test
    void pixelInversionRecoversOneInputThroughADenseLayer() {
        RandomStream rng = RandomStream.of(7);
        Module model = flModel(rng);
        Tensor x = Tensor.uniform(rng, 0, 1, 1, 4);
        GradientMatching m = new GradientMatching(model, new int[] {1}, GradientMatching.observe(model, x, new int[] {1}),
                GradientDistance.L2, 0, 2, 2);
        ProjectedAdam.Result r = PixelInversion.run(m, new int[] {1, 4}, 0, 1, 1500, 0.02, RandomStream.of(1));
        assertThat(r.best().sub(x).abs().max()).isLessThan(0.02);
    }

    @Test
    void gifdFeatureStagesNeverEndAboveTheLatentStageAndStayInTheirBalls() {
        RandomStream rng = RandomStream.of(8);
        Module model = flModel(rng);
        List<Module> blocks = List.of(new Sequential(new Linear(2, 3, rng), new Tanh()),
                new Sequential(new Linear(3, 4, rng), new Sigmoid()));
        Tensor x = Tensor.uniform(rng, 0, 1, 2, 4);
        int[] y = {0, 1};
        GradientMatching m = new GradientMatching(model, y, GradientMatching.observe(model, x, y),
                GradientDistance.COSINE, 0, 2, 2);
        GifdSearch.Outcome o = new GifdSearch(blocks, new double[] {0.5}, 100, 0.05).run(m, Tensor.randn(rng, 2, 2));
        assertThat(o.stageObjectives()).hasSize(2);
        assertThat(o.bestObjective()).isLessThanOrEqualTo(o.stageObjectives()[0]);
        assertThat(o.stageOutputs()).hasSize(2);
        assertThat(o.best().shape()).containsExactly(2, 4);
    }

    @Test
    void dlgRecoversTheInputAndItsLabel() {
        RandomStream rng = RandomStream.of(9);
        Module model = flModel(rng);
        Tensor x = Tensor.uniform(rng, 0, 1, 1, 4);
        List<Tensor> g = GradientMatching.observe(model, x, new int[] {2});
        Dlg.Result r = Dlg.run(model, g, 1, 4, 3, 0, 1, 5000, 0.02, RandomStream.of(2));
        assertThat(r.labels()).containsExactly(2);
        assertThat(r.inputs().sub(x).abs().max()).isLessThan(0.05);
    }
}
