package dev.gradus.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import org.junit.jupiter.api.Test;

class AdamPTest {

    private static final AdamP GOLDEN = new AdamP().lr(0.01).betas(0.9, 0.999).eps(1e-8).weightDecay(0.01)
            .delta(0.1).wdRatio(0.1).nesterov(false);

    @Test
    void goldenReplayOfTheAuthorsCodeMatchesAtRtol1e10() {
        GoldenTrajectory golden = GoldenTrajectory.load("adamp.json");
        assertThat(golden.spec()).startsWith("adamp(lr=0.01");
        OptState state = GOLDEN.init(golden.params());
        GoldenTrajectory.Deviation fused = golden.replay((p, g) -> GOLDEN.step(p, g, state));
        System.out.println("adamp golden replay, fused step: worst " + fused);
        assertThat(fused.relative()).as("worst deviation %s", fused).isLessThanOrEqualTo(1e-10);

        OptState state2 = GOLDEN.init(golden.params());
        GoldenTrajectory.Deviation composed = golden.replay((p, g) -> {
            GOLDEN.update(g, state2, p);
            GradientTransformation.apply(p, g);
        });
        assertThat(composed.relative()).as("worst deviation %s", composed).isLessThanOrEqualTo(1e-10);
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
                assertThat(a.get(name).data()).as(name).containsExactly(b.get(name).data());
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
    void equalsTheComposedAdamProjectionDecayReference() {
        // scale_by_adam (bias corrected, eps outside the root), then scale(-lr), then the projection on the
        // result with the raw gradient, then the decoupled decay -lr*wd*wd_factor*p.
        double lr = 0.01;
        double wd = 0.01;
        TensorMap a = TorchReference.scaleInvariantProblem(9);
        TensorMap b = a.copy();
        OptState s = GOLDEN.init(a);
        TensorMap m = a.zerosLike();
        TensorMap v = a.zerosLike();
        RandomStream rng = RandomStream.of(8);
        for (int t = 1; t <= 20; t++) {
            TensorMap g = TorchReference.orthogonalGradients(a, rng);
            GOLDEN.step(a, g.copy(), s);
            for (String name : b.names()) {
                Tensor p = b.get(name);
                double[] gd = g.get(name).data();
                double[] md = m.get(name).data();
                double[] vd = v.get(name).data();
                Tensor u = Tensor.zerosLike(p);
                for (int j = 0; j < gd.length; j++) {
                    md[j] = 0.9 * md[j] + 0.1 * gd[j];
                    vd[j] = 0.999 * vd[j] + 0.001 * gd[j] * gd[j];
                    double mHat = md[j] / (1 - Math.pow(0.9, t));
                    double vHat = vd[j] / (1 - Math.pow(0.999, t));
                    u.data()[j] = -lr * mHat / (Math.sqrt(vHat) + 1e-8);
                }
                double factor = ScaleInvariantProjection.project(p, g.get(name), u, 0.1, 0.1, 1e-8);
                double[] pd = p.data();
                for (int j = 0; j < pd.length; j++) {
                    pd[j] += u.data()[j] - lr * wd * factor * pd[j];
                }
            }
        }
        TorchReference.assertClose(a, b, 1e-12);
    }

    @Test
    void zeroGradientOnAVectorOnlyDecaysIt() {
        AdamP opt = new AdamP().lr(0.1).weightDecay(0.5);
        TensorMap p = TensorMap.of("b", Tensor.vector(2.0, -4.0));
        OptState s = opt.init(p);
        opt.step(p, TensorMap.of("b", Tensor.zeros(2)), s);
        assertThat(p.get("b").data()).containsExactly(2.0 - 0.05 * 2.0, -4.0 + 0.05 * 4.0);
    }

    @Test
    void badHyperparametersAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new AdamP().betas(0.9, 1.0)).hasMessageContaining("adamp: betas[1]=1.0")
                .hasMessageContaining("[0.0, 1)");
        assertThatThrownBy(() -> new AdamP().lr(-1)).hasMessageContaining("adamp: lr=-1.0");
        assertThatThrownBy(() -> new AdamP().weightDecay(Double.NaN)).hasMessageContaining("weight_decay=NaN");
    }
}
