package dev.gradus.nn.objective;

import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Sequential;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DenoisingScoreMatchingTest {

    private static final GaussianMixture MIX = GaussianMixture.symmetric(2.0, 0.5);
    private static final double SIGMA = 0.5;

    private static Tensor column(double[] v) {
        return Tensor.of(v.clone(), v.length, 1);
    }

    @Test
    void theAnalyticScoreIsTheDerivativeOfTheLogDensity() {
        for (double x : new double[] {-3.1, -2.0, -0.4, 0.0, 0.7, 2.5, 6.0}) {
            double h = 1e-5;
            double fd = (Math.log(MIX.density(x + h, SIGMA)) - Math.log(MIX.density(x - h, SIGMA))) / (2 * h);
            assertThat(MIX.score(x, SIGMA)).as("x=%s", x).isCloseTo(fd, within(1e-7));
        }
        // Far in the tail the responsibilities are computed in log space: the score of N(2, 0.5) there.
        assertThat(MIX.score(60.0, SIGMA)).isCloseTo(-(60.0 - 2.0) / 0.5, within(1e-9));
    }

    @Test
    void labelsAreUnbiasedForTheTrueScoreAndTheLossSplitsIntoErrorPlusFloor() {
        DenoisingScoreMatching dsm = new DenoisingScoreMatching(SIGMA);
        int n = 200_000;
        DenoisingScoreMatching.Pairs p = dsm.pairs(column(MIX.sample(n, RandomStream.of(1))), RandomStream.of(2));
        double[] xt = p.noisy().data();
        double[] y = p.labels().data();
        // E[(y − score(x_t)) f(x_t)] = 0 for test functions f: the label's conditional mean is the score.
        double m1 = 0;
        double m2 = 0;
        double labelSq = 0;
        for (int k = 0; k < n; k++) {
            double r = y[k] - MIX.score(xt[k], SIGMA);
            m1 += r / n;
            m2 += r * Math.tanh(xt[k]) / n;
            labelSq += y[k] * y[k] / n;
        }
        assertThat(m1).isCloseTo(0.0, within(0.02));
        assertThat(m2).isCloseTo(0.0, within(0.02));
        assertThat(labelSq).isCloseTo(1 / (SIGMA * SIGMA), within(0.05));
        // For any model s: DSM loss = score error + noise floor (+ a cross term of mean zero).
        Sequential s = WideReluScoreNetwork.build(1, 64, RandomStream.of(3));
        double loss = dsm.loss(s, p).item();
        double err = dsm.scoreError(s, p.noisy(), MIX);
        double floor = dsm.noiseFloor(p, MIX);
        assertThat(loss).isCloseTo(err + floor, within(0.02 * (err + floor)));
    }

    @Test
    void theLossHasCorrectGradients() {
        DenoisingScoreMatching dsm = new DenoisingScoreMatching(SIGMA);
        DenoisingScoreMatching.Pairs p = dsm.pairs(column(MIX.sample(7, RandomStream.of(4))), RandomStream.of(5));
        Sequential s = WideReluScoreNetwork.build(1, 6, RandomStream.of(6));
        Tensor w0 = s.namedParameters().get("0.weight").copy();
        Tensor b0 = s.namedParameters().get("0.bias").copy();
        GradCheck.check(vars -> {
            java.util.Map<String, Var> bound = new java.util.LinkedHashMap<>();
            bound.put("0.weight", vars.get(0));
            bound.put("0.bias", vars.get(1));
            Var out = s.call(bound, Var.constant(p.noisy()));
            return out.sub(Var.constant(p.labels())).square().sum().div(7);
        }, List.of(w0, b0)).requireBelow(1e-6);
        // and the library's loss is that function
        double direct = dsm.loss(s, p).item();
        Var out = s.forward(Var.constant(p.noisy()));
        assertThat(direct).isCloseTo(out.sub(Var.constant(p.labels())).square().sum().item() / 7, within(1e-14));
    }

    @Test
    void gradientDescentFitsTheScoreAndKeepsTheOutputWeightsFixed() {
        DenoisingScoreMatching dsm = new DenoisingScoreMatching(SIGMA);
        DenoisingScoreMatching.Pairs train = dsm.pairs(column(MIX.sample(100, RandomStream.of(7))), RandomStream.of(8));
        Tensor fresh = dsm.pairs(column(MIX.sample(2000, RandomStream.of(9))), RandomStream.of(10)).noisy();
        Sequential s = WideReluScoreNetwork.build(1, 200, RandomStream.of(11));
        assertThat(s.namedParameters().names()).containsExactly("0.weight", "0.bias");
        double[] a = ((dev.gradus.nn.Linear) s.get(2)).weight().value().data().clone();
        double err0 = dsm.scoreError(s, fresh, MIX);
        double loss0 = dsm.loss(s, train).item();
        for (int it = 0; it < 300; it++) {
            TensorMap g = s.gradients(dsm.loss(s, train));
            TensorMap params = s.namedParameters();
            for (String name : params.names()) {
                double[] p = params.get(name).data();
                double[] d = g.get(name).data();
                for (int i = 0; i < p.length; i++) {
                    p[i] -= 0.5 * d[i];
                }
            }
        }
        assertThat(dsm.loss(s, train).item()).isLessThan(loss0);
        assertThat(dsm.scoreError(s, fresh, MIX)).isLessThan(0.5 * err0);
        assertThat(((dev.gradus.nn.Linear) s.get(2)).weight().value().data()).containsExactly(a);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> new DenoisingScoreMatching(0)).hasMessageContaining("sigma must be finite and > 0");
        assertThatThrownBy(() -> new GaussianMixture(new double[] {0.5, 0.4}, new double[] {0, 1},
                new double[] {1, 1})).hasMessageContaining("weights must sum to 1");
        DenoisingScoreMatching dsm = new DenoisingScoreMatching(1);
        assertThatThrownBy(() -> dsm.pairs(Tensor.zeros(3), RandomStream.of(1))).hasMessageContaining("[n, d]");
        Sequential twoOut = WideReluScoreNetwork.build(2, 4, RandomStream.of(1));
        DenoisingScoreMatching.Pairs p = dsm.pairs(Tensor.zeros(3, 1), RandomStream.of(1));
        assertThatThrownBy(() -> dsm.loss(twoOut, p)).isInstanceOf(IllegalArgumentException.class);
    }
}
