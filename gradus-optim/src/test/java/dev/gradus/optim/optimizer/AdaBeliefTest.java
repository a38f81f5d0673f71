package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import org.junit.jupiter.api.Test;

class AdaBeliefTest {

    private static final double[][] DIGEST_GRADS = {
        {1, -2, .5}, {.8, -1, .7}, {-.2, -.5, .9}, {.4, .1, -.3}, {.9, -.4, .2}};

    private static double[] runDigest(AdaBelief opt) {
        TensorMap p = TensorMap.of("x", Tensor.zeros(3));
        OptState s = opt.init(p);
        for (double[] g : DIGEST_GRADS) {
            opt.step(p, TensorMap.of("x", Tensor.vector(g)), s);
        }
        return p.get("x").data();
    }

    @Test
    void digestVectorWithoutRectification() {
        // 01-optimizers.md §2 golden vectors (numpy check, reproduced twice).
        double[] x = runDigest(Optimizers.adabelief().lr(0.1).eps(1e-16).rectify(false));
        assertThat(x[0]).isCloseTo(-0.4742391599, within(1e-9));
        assertThat(x[1]).isCloseTo(0.4704340308, within(1e-9));
        assertThat(x[2]).isCloseTo(-0.4966871391, within(1e-9));
    }

    @Test
    void digestVectorWithRectificationTakesFiveSgdSteps() {
        double[] x = runDigest(Optimizers.adabelief().lr(0.1).eps(1e-16).rectify(true).degeneratedToSgd(true));
        assertThat(x[0]).isCloseTo(-0.3420646223, within(1e-9));
        assertThat(x[1]).isCloseTo(0.6022391442, within(1e-9));
        assertThat(x[2]).isCloseTo(-0.2604092152, within(1e-9));
        // Without degenerated_to_sgd the first five steps do nothing.
        assertThat(runDigest(Optimizers.adabelief().lr(0.1).degeneratedToSgd(false))).containsExactly(0, 0, 0);
    }

    @Test
    void defaultsAreThoseOfThe02Package() {
        // eps 1e-16, weight_decouple and rectify on: equal to the explicit spelling.
        AdaBelief explicit = Optimizers.adabelief().lr(1e-3).betas(0.9, 0.999).eps(1e-16).weightDecay(0).amsgrad(false)
                .weightDecouple(true).fixedDecay(false).rectify(true).degeneratedToSgd(true);
        TensorMap a = TorchReference.scaleInvariantProblem(1);
        TensorMap b = a.copy();
        OptState sa = Optimizers.adabelief().init(a);
        OptState sb = explicit.init(b);
        RandomStream rng = RandomStream.of(2);
        for (int i = 0; i < 12; i++) {
            TensorMap g = TorchReference.orthogonalGradients(a, rng);
            Optimizers.adabelief().step(a, g.copy(), sa);
            explicit.step(b, g, sb);
        }
        for (String n : a.names()) {
            assertThat(a.get(n).data()).isEqualTo(b.get(n).data());
        }
    }

    @Test
    void matchesALineByLineTranscriptionInEveryOptionCombination() {
        for (int mask = 0; mask < 32; mask++) {
            boolean amsgrad = (mask & 1) != 0;
            boolean decouple = (mask & 2) != 0;
            boolean fixed = (mask & 4) != 0;
            boolean rectify = (mask & 8) != 0;
            boolean degenerated = (mask & 16) != 0;
            AdaBelief opt = Optimizers.adabelief().lr(0.01).betas(0.9, 0.99).eps(1e-12).weightDecay(0.05).amsgrad(amsgrad)
                    .weightDecouple(decouple).fixedDecay(fixed).rectify(rectify).degeneratedToSgd(degenerated);
            TorchReference.AdaBelief ref = new TorchReference.AdaBelief(0.01, 0.9, 0.99, 1e-12, 0.05, amsgrad,
                    decouple, fixed, rectify, degenerated);
            TensorMap a = TorchReference.scaleInvariantProblem(mask);
            TensorMap b = a.copy();
            OptState s = opt.init(a);
            RandomStream rng = RandomStream.of(100 + mask);
            // beta2 = 0.99 crosses rho_t = 5 at step 6, so both rectify branches run.
            for (int step = 0; step < 15; step++) {
                TensorMap g = TorchReference.orthogonalGradients(a, rng);
                opt.step(a, g.copy(), s);
                ref.step(b, g);
            }
            TorchReference.assertClose(a, b, 1e-12);
        }
    }

    @Test
    void fusedStepEqualsUpdateThenApply() {
        FusedCheck.assertFusedEqualsUpdateThenApply(Optimizers.adabelief().lr(0.01).weightDecay(0.1).amsgrad(true), 3, 10);
        FusedCheck.assertFusedEqualsUpdateThenApply(Optimizers.adabelief().rectify(false).weightDecouple(false)
                .weightDecay(0.1), 4, 10);
        // The defaults with beta2 = 0.99, which reach rho_t >= 5 at step 6: the one-pass rectified kernel from there.
        FusedCheck.assertFusedEqualsUpdateThenApply(Optimizers.adabelief().lr(0.01).betas(0.9, 0.99).weightDecay(0.1),
                5, 12);
    }

    @Test
    void epsIsAddedInsideTheStateEveryStep() {
        // A constant gradient makes g - m shrink; s keeps at least about eps (1 - b2^t)/(1 - b2).
        AdaBelief opt = Optimizers.adabelief().eps(1e-8).rectify(false);
        TensorMap p = TensorMap.of("x", Tensor.zeros(1));
        AdaBelief.State s = opt.init(p);
        for (int i = 0; i < 50; i++) {
            opt.step(p, TensorMap.of("x", Tensor.vector(1.0)), s);
        }
        double floor = 1e-8 * (1 - Math.pow(0.999, 50)) / (1 - 0.999);
        assertThat(s.expAvgVar().get("x").data()[0]).isGreaterThan(floor);
        assertThat(s.maxExpAvgVar().size()).isZero();
    }
}
