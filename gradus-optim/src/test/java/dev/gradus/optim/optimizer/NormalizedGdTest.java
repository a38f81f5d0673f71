package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.optim.Capability;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.MissingCapabilityException;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.PerSample;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.StepContext;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NormalizedGdTest {

    private static final int N = 1000;

    /** Thm 5.1 worst case: (0.5, −1) with y = +1 and n − 1 points (−0.5, −1) with y = −1. */
    private static Tensor features() {
        double[] a = new double[2 * N];
        a[0] = 0.5;
        a[1] = -1;
        for (int i = 1; i < N; i++) {
            a[2 * i] = -0.5;
            a[2 * i + 1] = -1;
        }
        return Tensor.of(a, N, 2);
    }

    private static double[] labels() {
        double[] y = new double[N];
        y[0] = 1;
        for (int i = 1; i < N; i++) {
            y[i] = -1;
        }
        return y;
    }

    /** The logistic-loss gradient −(1/n) Σ σ_i y_i a_i, and whether every margin is strictly positive. */
    private static boolean gradient(Tensor a, double[] y, double[] theta, double[] grad) {
        grad[0] = 0;
        grad[1] = 0;
        boolean separated = true;
        for (int i = 0; i < N; i++) {
            double m = y[i] * (a.data()[2 * i] * theta[0] + a.data()[2 * i + 1] * theta[1]);
            separated &= m > 0;
            double s = NormalizedGd.sigmoidWeight(m);
            grad[0] -= s * y[i] * a.data()[2 * i] / N;
            grad[1] -= s * y[i] * a.data()[2 * i + 1] / N;
        }
        return separated;
    }

    private static int stepsToSeparate(GradientTransformation opt) {
        Tensor a = features();
        double[] y = labels();
        TensorMap p = TensorMap.of("theta", Tensor.zeros(2));
        OptState s = opt.init(p);
        double[] g = new double[2];
        for (int t = 0; t < 10_000; t++) {
            if (gradient(a, y, p.get("theta").data(), g)) {
                return t;
            }
            opt.step(p, TensorMap.of("theta", Tensor.vector(g)), s);
        }
        return -1;
    }

    @Test
    void reproducesTheIterationCountsOfThePapersTable1() {
        // 01-optimizers.md §5: Normalized LR+GD needs 2, 2, 16, 157 steps for γ = 100, 10, 1, 0.1.
        NormalizedGd.MeanWeight w = NormalizedGd.logistic(features(), labels(), "theta");
        assertThat(stepsToSeparate(Optimizers.normalizedGd(100).meanWeight(w))).isEqualTo(2);
        assertThat(stepsToSeparate(Optimizers.normalizedGd(10).meanWeight(w))).isEqualTo(2);
        assertThat(stepsToSeparate(Optimizers.normalizedGd(1).meanWeight(w))).isEqualTo(16);
        assertThat(stepsToSeparate(Optimizers.normalizedGd(0.1).meanWeight(w))).isEqualTo(157);
        // LR+GD at γ = 100 (β ≡ 1) needs 308.
        assertThat(stepsToSeparate(Optimizers.normalizedGd(100).meanWeight(params -> 1.0))).isEqualTo(308);
    }

    @Test
    void meanWeightFromPerExampleLossesEqualsTheSigmoidWeights() {
        double[] margins = {-400, -3, -1e-9, 0, 2, 50, 800};
        double[] losses = new double[margins.length];
        double expected = 0;
        for (int i = 0; i < margins.length; i++) {
            double m = margins[i];
            losses[i] = Math.max(-m, 0) + Math.log1p(Math.exp(-Math.abs(m)));
            expected += NormalizedGd.sigmoidWeight(m) / margins.length;
        }
        assertThat(NormalizedGd.meanSigmoidWeight(losses)).isCloseTo(expected, within(1e-15));
        assertThat(NormalizedGd.sigmoidWeight(50)).isCloseTo(Math.exp(-50), within(1e-30));
        assertThat(NormalizedGd.sigmoidWeight(-800)).isEqualTo(1.0);
    }

    @Test
    void recordsBetaAndSkipsTheStepWhenEveryWeightUnderflows() {
        TensorMap p = TensorMap.of("theta", Tensor.vector(1, 2));
        NormalizedGd opt = Optimizers.normalizedGd(1).meanWeight(params -> 0.25);
        NormalizedGd.State s = opt.init(p);
        opt.step(p, TensorMap.of("theta", Tensor.vector(0.5, -1)), s);
        assertThat(p.get("theta").data()).containsExactly(-1, 6);
        assertThat(s.beta().get()).isEqualTo(4.0);
        NormalizedGd zero = Optimizers.normalizedGd(1).meanWeight(params -> 0.0);
        zero.step(p, TensorMap.of("theta", Tensor.vector(0, 0)), zero.init(p));
        assertThat(p.get("theta").data()).containsExactly(-1, 6);
    }

    @Test
    void unboundItNeedsPerExampleLossesFromItsCallerAndRefusesACallerWithout() {
        NormalizedGd opt = Optimizers.normalizedGd(1);
        assertThat(opt.requirements()).extracting(Requirement::capability).containsExactly(Capability.PER_SAMPLE);
        assertThat(opt.meanWeight(params -> 0.5).requirements()).isEmpty();
        assertThatThrownBy(() -> Requirement.check(opt, Set.of(Capability.LOSS), "gradus optim replay"))
                .isInstanceOf(MissingCapabilityException.class)
                .hasMessageContaining("normalized_gd needs per-example gradients and their norms (PER_SAMPLE)")
                .hasMessageContaining("gradus optim replay offers only");
    }

    @Test
    void unboundItTakesTheMeanWeightFromThePerExampleLossesOfTheStep() {
        double[] losses = {0.1, 2.5, 0.7};
        TensorMap g = TensorMap.of("theta", Tensor.vector(0.5, -1));
        StepContext ctx = StepContext.builder().perSample(() -> losses(losses)).build();
        TensorMap p1 = TensorMap.of("theta", Tensor.vector(1, 2));
        NormalizedGd unbound = Optimizers.normalizedGd(3).with("lr", 2.0);
        NormalizedGd.State s1 = unbound.init(p1);
        unbound.step(p1, g.copy(), s1, ctx);
        TensorMap p2 = TensorMap.of("theta", Tensor.vector(1, 2));
        NormalizedGd bound = Optimizers.normalizedGd(2).meanWeight(params -> NormalizedGd.meanSigmoidWeight(losses));
        NormalizedGd.State s2 = bound.init(p2);
        bound.step(p2, g.copy(), s2);
        assertThat(p1.get("theta").data()).isEqualTo(p2.get("theta").data());
        assertThat(s1.beta().get()).isEqualTo(s2.beta().get()).isGreaterThan(1.0);

        TensorMap p3 = TensorMap.of("theta", Tensor.vector(1, 2));
        unbound.step(p3, g.copy(), unbound.init(p3),
                StepContext.builder().perSample(() -> losses(new double[0])).build());
        assertThat(p3.get("theta").data()).as("an empty batch moves nothing").containsExactly(1, 2);
    }

    @Test
    void settersKeepTheBindingAndABadWeightIsRefused() {
        NormalizedGd bound = Optimizers.normalizedGd(1).meanWeight(params -> 0.25);
        assertThat(bound.with("lr", 2.0).requirements()).isEmpty();
        assertThat(bound.lr(3.0).requirements()).isEmpty();
        TensorMap p = TensorMap.of("theta", Tensor.vector(1, 2));
        NormalizedGd bad = bound.meanWeight(params -> -1);
        assertThatThrownBy(() -> bad.step(p, p.zerosLike(), bad.init(p)))
                .hasMessageContaining("mean weight must be finite and >= 0, got -1.0");
    }

    /** A per-example view that carries only losses (all this optimizer reads). */
    private static PerSample losses(double[] l) {
        return new PerSample() {
            @Override
            public int size() {
                return l.length;
            }

            @Override
            public Tensor losses() {
                return Tensor.of(l.clone(), l.length);
            }

            @Override
            public TensorMap gradients() {
                throw new AssertionError("normalized_gd reads only the losses");
            }

            @Override
            public Map<String, double[]> parameterNorms() {
                throw new AssertionError("normalized_gd reads only the losses");
            }

            @Override
            public double[] norms() {
                throw new AssertionError("normalized_gd reads only the losses");
            }

            @Override
            public TensorMap weightedSum(double[] weights) {
                throw new AssertionError("normalized_gd reads only the losses");
            }
        };
    }
}
