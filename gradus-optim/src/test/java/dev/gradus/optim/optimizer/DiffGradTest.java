package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import org.junit.jupiter.api.Test;

class DiffGradTest {

    /** F1 of the official notebook: ∇f = 2x + 0.6 for x ≤ 0, 2x − 0.4 for x > 0. */
    private static double f1Gradient(double x) {
        return x <= 0 ? 2 * x + 0.6 : 2 * x - 0.4;
    }

    @Test
    void escapesTheLocalMinimumOfTheNotebooksF1() {
        // 01-optimizers.md §3 (numpy check, reproduced twice): x0 = -1, lr 0.1, betas (0.95, 0.999), 299 updates.
        DiffGrad opt = Optimizers.diffgrad().lr(0.1).betas(0.95, 0.999);
        TensorMap p = TensorMap.of("x", Tensor.vector(-1.0));
        OptState s = opt.init(p);
        for (int i = 0; i < 299; i++) {
            opt.step(p, TensorMap.of("x", Tensor.vector(f1Gradient(p.get("x").item()))), s);
        }
        assertThat(p.get("x").item()).isCloseTo(-0.3, within(1e-3));
    }

    @Test
    void frictionOfTwoDistinctConsecutiveGradientsIsNotOneHalf() {
        // The v1 aliasing bug makes |g_prev - g| = 0 and the friction 0.5: the second step would then be
        // exactly half an Adam step. With the copy it is not.
        DiffGrad opt = Optimizers.diffgrad().lr(0.1);
        TensorMap p = TensorMap.of("x", Tensor.vector(0.0));
        DiffGrad.State s = opt.init(p);
        double[] g = {1.0};
        TensorMap grads = TensorMap.of("x", Tensor.of(g, 1));
        opt.step(p, grads, s);
        double afterOne = p.get("x").item();
        // Reuse the same gradient buffer in place, as a training loop does.
        g[0] = -3.0;
        grads = TensorMap.of("x", Tensor.of(g, 1));
        opt.step(p, grads, s);
        assertThat(s.previousGrad().get("x").data()[0]).isEqualTo(-3.0);
        double m = 0.9 * 0.1 * 1.0 + 0.1 * -3.0;
        double v = 0.999 * 0.001 + 0.001 * 9.0;
        double adamStep = 0.1 * Math.sqrt(1 - 0.999 * 0.999) / (1 - 0.81) * m / (Math.sqrt(v) + 1e-8);
        double xi = 1.0 / (1.0 + Math.exp(-4.0));
        assertThat(afterOne - p.get("x").item()).isCloseTo(xi * adamStep, within(1e-15));
        assertThat(xi).isNotCloseTo(0.5, within(0.1));
    }

    @Test
    void matchesALineByLineTranscriptionOfV2() {
        DiffGrad opt = Optimizers.diffgrad().lr(0.01).weightDecay(0.01);
        TorchReference.DiffGrad ref = new TorchReference.DiffGrad(0.01, 0.9, 0.999, 1e-8, 0.01);
        TensorMap a = TorchReference.scaleInvariantProblem(12);
        TensorMap b = a.copy();
        OptState s = opt.init(a);
        RandomStream rng = RandomStream.of(13);
        for (int step = 0; step < 20; step++) {
            TensorMap g = TorchReference.orthogonalGradients(a, rng);
            opt.step(a, g.copy(), s);
            ref.step(b, g);
        }
        TorchReference.assertClose(a, b, 1e-12);
    }

    @Test
    void fusedStepEqualsUpdateThenApply() {
        FusedCheck.assertFusedEqualsUpdateThenApply(Optimizers.diffgrad().lr(0.01).weightDecay(0.1), 5, 10);
    }
}
