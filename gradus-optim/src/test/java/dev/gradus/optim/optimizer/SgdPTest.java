package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import org.junit.jupiter.api.Test;

class SgdPTest {

    @Test
    void matchesALineByLineTranscriptionOfTheReferenceInEveryBranch() {
        for (boolean nesterov : new boolean[] {false, true}) {
            for (double dampening : new double[] {0.0, 0.3}) {
                SgdP opt = Optimizers.sgdp(0.1).momentum(0.9).dampening(dampening).weightDecay(1e-2).nesterov(nesterov);
                TorchReference.SgdP ref = new TorchReference.SgdP(0.1, 0.9, dampening, 1e-2, nesterov, 1e-8, 0.1, 0.1);
                TensorMap a = TorchReference.scaleInvariantProblem(21);
                TensorMap b = a.copy();
                OptState s = opt.init(a);
                RandomStream rng = RandomStream.of(4);
                for (int step = 0; step < 30; step++) {
                    TensorMap g = TorchReference.orthogonalGradients(a, rng);
                    opt.step(a, g.copy(), s);
                    ref.step(b, g);
                }
                TorchReference.assertClose(a, b, 1e-12);
                // The buffer is projected in place when not nesterov (d_p aliases it in the reference).
                TorchReference.assertClose(((SgdP.State) s).momentumBuffer(), ref.buffers, 1e-12);
            }
        }
    }

    @Test
    void fusedStepEqualsUpdateThenApplyBitForBit() {
        SgdP opt = Optimizers.sgdp(0.1).momentum(0.9).weightDecay(1e-5).nesterov(true);
        TensorMap a = TorchReference.scaleInvariantProblem(2);
        TensorMap b = a.copy();
        OptState sa = opt.init(a);
        OptState sb = opt.init(b);
        RandomStream rng = RandomStream.of(3);
        for (int step = 0; step < 10; step++) {
            TensorMap g = TorchReference.orthogonalGradients(a, rng);
            opt.step(a, g.copy(), sa);
            opt.update(g, sb, b);
            GradientTransformation.apply(b, g);
        }
        for (String name : a.names()) {
            assertThat(a.get(name).data()).as(name).isEqualTo(b.get(name).data());
        }
    }

    @Test
    void nesterovEqualsTheComposedReferenceBitForBitWhileProjecting() {
        SgdP opt = Optimizers.sgdp(0.1).momentum(0.9).weightDecay(1e-2).nesterov(true);
        GradientTransformation ref = opt.reference();
        TensorMap a = TorchReference.scaleInvariantProblem(14);
        TensorMap b = a.copy();
        OptState sa = opt.init(a);
        OptState sb = ref.init(b);
        RandomStream rng = RandomStream.of(15);
        for (int step = 0; step < 15; step++) {
            TensorMap g = TorchReference.orthogonalGradients(a, rng);
            opt.step(a, g.copy(), sa);
            ref.step(b, g, sb);
        }
        for (String name : a.names()) {
            assertThat(a.get(name).data()).as(name).isEqualTo(b.get(name).data());
        }
        assertThatThrownBy(() -> opt.nesterov(false).reference()).hasMessageContaining("sgdp: a composed reference");
        assertThatThrownBy(() -> opt.dampening(0.1).reference()).hasMessageContaining("sgdp: a composed reference");
    }

    @Test
    void thePaperFormKeepsTheBufferAndEqualsTheComposedReferenceBitForBit() {
        SgdP paper = Optimizers.sgdp(0.1).momentum(0.9).weightDecay(1e-2).projectBuffer(false);
        SgdP code = Optimizers.sgdp(0.1).momentum(0.9).weightDecay(1e-2);
        GradientTransformation ref = paper.reference();
        TensorMap a = TorchReference.scaleInvariantProblem(14);
        TensorMap b = a.copy();
        TensorMap c = a.copy();
        OptState sa = paper.init(a);
        OptState sb = ref.init(b);
        OptState sc = code.init(c);
        RandomStream rng = RandomStream.of(15);
        for (int step = 0; step < 15; step++) {
            TensorMap g = TorchReference.orthogonalGradients(a, rng);
            paper.step(a, g.copy(), sa);
            code.step(c, g.copy(), sc);
            ref.step(b, g, sb);
        }
        boolean differs = false;
        for (String name : a.names()) {
            assertThat(a.get(name).data()).as(name).isEqualTo(b.get(name).data());
            differs |= !java.util.Arrays.equals(a.get(name).data(), c.get(name).data());
        }
        assertThat(differs).as("the official code's projected buffer gives other iterates").isTrue();
        assertThatThrownBy(code::reference).hasMessageContaining("project_buffer=false");
    }

    @Test
    void projectionKeepsTheNormOfAScaleInvariantWeightNearlyConstant() {
        // With gradients orthogonal to every row, SGD with momentum grows the norm; SGDP does not.
        TensorMap a = TorchReference.scaleInvariantProblem(5);
        TensorMap b = a.copy();
        SgdP sgdp = Optimizers.sgdp(0.5).momentum(0.9);
        TorchReference.SgdP plainMomentum = new TorchReference.SgdP(0.5, 0.9, 0, 0, false, 1e-8, -1, 1);
        OptState s = sgdp.init(a);
        RandomStream rng = RandomStream.of(6);
        double n0 = norm(a.get("conv.weight").data());
        for (int step = 0; step < 20; step++) {
            TensorMap g = TorchReference.orthogonalGradients(a, rng);
            TensorMap gb = TorchReference.orthogonalGradients(b, rng.copy());
            sgdp.step(a, g, s);
            plainMomentum.step(b, gb);
        }
        double nP = norm(a.get("conv.weight").data());
        double nM = norm(b.get("conv.weight").data());
        assertThat(nM).isGreaterThan(1.5 * n0);
        assertThat(nP).isLessThan(nM);
        assertThat(Math.abs(nP - n0) / n0).isLessThan(0.35 * Math.abs(nM - n0) / n0);
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
