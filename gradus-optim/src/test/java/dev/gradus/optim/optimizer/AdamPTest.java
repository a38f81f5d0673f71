package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.replay.GradientReplay;
import dev.gradus.optim.spec.Specs;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AdamPTest {

    private static final AdamP GOLDEN = Optimizers.adamp().lr(0.01).betas(0.9, 0.999).eps(1e-8).weightDecay(0.01)
            .delta(0.1).wdRatio(0.1).nesterov(false);

    @Test
    void goldenReplayOfTheAuthorsCodeMatchesAtRtol1e10() throws Exception {
        GradientReplay.Recording rec = GradientReplay.read(
                Path.of(AdamPTest.class.getResource("/golden/adamp.json").toURI()));
        assertThat(rec.optimizer()).isEqualTo(
                "adamp(lr=0.01, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, delta=0.1, wd_ratio=0.1, nesterov=false)");
        // The fluent spelling and the spec must build the same optimizer.
        assertThat(Specs.print(Specs.transformation(rec.optimizer()))).isEqualTo(Specs.print(GOLDEN));
        GradientReplay.Result r = GradientReplay.replay(rec, GOLDEN, 1e-10);
        System.out.println("adamp golden replay: worst " + r.worst());
        assertThat(r.compared()).isEqualTo(25);
        assertThat(r.within()).as("worst deviation %s", r.worst()).isTrue();
    }

    @Test
    void fusedStepEqualsUpdateThenApplyBitForBit() {
        for (boolean nesterov : new boolean[] {false, true}) {
            AdamP opt = GOLDEN.nesterov(nesterov);
            TensorMap a = TorchReference.scaleInvariantProblem(7);
            TensorMap b = a.copy();
            OptState sa = opt.init(a);
            OptState sb = opt.init(b);
            RandomStream rng = RandomStream.of(11);
            for (int step = 0; step < 8; step++) {
                TensorMap g = TorchReference.orthogonalGradients(a, rng);
                opt.step(a, g.copy(), sa);
                TensorMap u = g.copy();
                opt.update(u, sb, b);
                GradientTransformation.apply(b, u);
            }
            for (String name : a.names()) {
                assertThat(a.get(name).data()).as(name).isEqualTo(b.get(name).data());
            }
        }
    }

    @Test
    void matchesALineByLineTranscriptionOfTheReferenceIncludingNesterov() {
        for (boolean nesterov : new boolean[] {false, true}) {
            AdamP opt = GOLDEN.nesterov(nesterov);
            TensorMap a = TorchReference.scaleInvariantProblem(3);
            TorchReference.AdamP ref = new TorchReference.AdamP(0.01, 0.9, 0.999, 1e-8, 0.01, 0.1, 0.1, nesterov);
            TensorMap b = a.copy();
            OptState s = opt.init(a);
            RandomStream rng = RandomStream.of(5);
            for (int step = 0; step < 30; step++) {
                TensorMap g = TorchReference.orthogonalGradients(a, rng);
                opt.step(a, g.copy(), s);
                ref.step(b, g);
            }
            TorchReference.assertClose(a, b, 1e-12);
        }
    }

    @Test
    void equalsTheComposedReferenceBitForBitWhileProjecting() {
        // chain(project_scale_invariant(scale_by_adam), scale_by_learning_rate) on gradients that trigger
        // the channel and the layer projection (the contract's quadratic rarely does).
        GradientTransformation ref = GOLDEN.reference();
        TensorMap a = TorchReference.scaleInvariantProblem(9);
        TensorMap b = a.copy();
        OptState sa = GOLDEN.init(a);
        OptState sb = ref.init(b);
        RandomStream rng = RandomStream.of(8);
        for (int t = 1; t <= 20; t++) {
            TensorMap g = TorchReference.orthogonalGradients(a, rng);
            GOLDEN.step(a, g.copy(), sa);
            ref.step(b, g, sb);
        }
        for (String name : a.names()) {
            assertThat(a.get(name).data()).as(name).isEqualTo(b.get(name).data());
        }
    }

    @Test
    void nesterovHasNoComposedReference() {
        assertThatThrownBy(() -> GOLDEN.nesterov(true).reference()).hasMessageContaining("adamp: nesterov=true");
    }

    @Test
    void zeroGradientOnAVectorOnlyDecaysIt() {
        AdamP opt = Optimizers.adamp().lr(0.1).weightDecay(0.5);
        TensorMap p = TensorMap.of("b", Tensor.vector(2.0, -4.0));
        OptState s = opt.init(p);
        opt.step(p, TensorMap.of("b", Tensor.zeros(2)), s);
        assertThat(p.get("b").data()).containsExactly(2.0 - 0.05 * 2.0, -4.0 + 0.05 * 4.0);
    }

    @Test
    void badHyperparametersAreRefusedWithTheirName() {
        assertThatThrownBy(() -> Optimizers.adamp().betas(0.9, 1.0)).hasMessageContaining("adamp: betas=1")
                .hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> Optimizers.adamp().lr(-1)).hasMessageContaining("adamp: lr=-1");
        assertThatThrownBy(() -> Optimizers.adamp().weightDecay(Double.NaN)).hasMessageContaining("weight_decay=");
    }
}
