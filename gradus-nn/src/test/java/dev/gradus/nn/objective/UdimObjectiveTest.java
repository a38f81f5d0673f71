package dev.gradus.nn.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Var;
import dev.gradus.data.Dataset;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Mlp;
import dev.gradus.nn.Sequential;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.train.Trainer;
import java.util.List;
import org.junit.jupiter.api.Test;

class UdimObjectiveTest {

    static final int N = 12;
    static final int D = 6;
    static final int K = 3;

    static Tensor images(RandomStream rng) {
        double[] x = new double[N * D];
        rng.fillUniform(x, 0, 1);
        return Tensor.of(x, N, D);
    }

    static int[] labels() {
        int[] y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % K;
        }
        return y;
    }

    static Sequential model() {
        return Mlp.builder(D).hidden(5).outputs(K).activation(dev.gradus.nn.Activation.TANH)
                .build(RandomStream.of(2));
    }

    @Test
    void inconsistencyHasCorrectGradients() {
        RandomStream rng = RandomStream.of(9);
        int[] y = labels();
        List<Tensor> in = List.of(Tensor.randn(rng, N, 4), Tensor.randn(rng, N, K), Tensor.randn(rng, N, 4),
                Tensor.randn(rng, N, K));
        GradCheck.check(v -> UdimObjective.inconsistency(v.get(0), v.get(1), v.get(2), v.get(3), y, 4 * K + K), in)
                .requireBelow(1e-7);
        GradCheck.check(v -> UdimObjective.inconsistency(v.get(0), v.get(1), v.get(2), v.get(3), y, 4 * K + K), in,
                GradCheck.DEFAULT_EPS, true).requireBelow(1e-7);
    }

    @Test
    void inconsistencyEqualsThePerSampleVarianceDefinition() {
        RandomStream rng = RandomStream.of(3);
        int[] y = labels();
        Tensor hs = Tensor.randn(rng, N, 4);
        Tensor ls = Tensor.randn(rng, N, K);
        Tensor he = Tensor.randn(rng, N, 4);
        Tensor le = Tensor.randn(rng, N, K);
        double got = UdimObjective.inconsistency(Var.constant(hs), Var.constant(ls), Var.constant(he),
                Var.constant(le), y, 15).item();
        // Per-sample head gradients (h_i e_iᵀ, e_i) written out one by one.
        double[][] gs = perSample(hs, ls, y);
        double[][] ge = perSample(he, le, y);
        double[] vs = variance(gs);
        double[] ve = variance(ge);
        double pen = 0;
        for (int k = 0; k < vs.length; k++) {
            double mean = (vs[k] + ve[k]) / 2;
            pen += 0.5 * ((vs[k] - mean) * (vs[k] - mean) + (ve[k] - mean) * (ve[k] - mean));
        }
        double norm = 0;
        for (double[] g : ge) {
            for (double v : g) {
                norm += v * v;
            }
        }
        pen += norm / N / 15;
        assertThat(got).isCloseTo(pen, within(1e-12));
    }

    private static double[][] perSample(Tensor h, Tensor logits, int[] y) {
        int f = h.shape()[1];
        double[][] out = new double[N][f * K + K];
        for (int i = 0; i < N; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < K; k++) {
                max = Math.max(max, logits.data()[i * K + k]);
            }
            double[] p = new double[K];
            double s = 0;
            for (int k = 0; k < K; k++) {
                p[k] = Math.exp(logits.data()[i * K + k] - max);
                s += p[k];
            }
            for (int k = 0; k < K; k++) {
                double e = p[k] / s - (y[i] == k ? 1 : 0);
                for (int a = 0; a < f; a++) {
                    out[i][a * K + k] = h.data()[i * f + a] * e;
                }
                out[i][f * K + k] = e;
            }
        }
        return out;
    }

    private static double[] variance(double[][] g) {
        double[] mean = new double[g[0].length];
        double[] sq = new double[g[0].length];
        for (double[] row : g) {
            for (int k = 0; k < row.length; k++) {
                mean[k] += row[k] / g.length;
                sq[k] += row[k] * row[k] / g.length;
            }
        }
        for (int k = 0; k < mean.length; k++) {
            sq[k] -= mean[k] * mean[k];
        }
        return sq;
    }

    @Test
    void theStylePerturbationRaisesTheLossAndKeepsThePattern() {
        Sequential m = model();
        UdimObjective udim = new UdimObjective(m).styleRadius(0.2);
        Tensor x = images(RandomStream.of(5));
        int[] y = labels();
        Tensor syn = udim.perturbStyle(x, y);
        assertThat(udim.loss(syn, y).item()).isGreaterThan(udim.loss(x, y).item());
        // Each emulated image is an affine map of its source image with a positive gain: correlation 1.
        for (int i = 0; i < N; i++) {
            assertThat(correlation(x.data(), syn.data(), i * D, D)).isCloseTo(1.0, within(1e-9));
        }
        assertThat(new UdimObjective(m).styleRadius(0).perturbStyle(x, y).data()).isEqualTo(x.data());
    }

    private static double correlation(double[] a, double[] b, int from, int n) {
        double ma = 0;
        double mb = 0;
        for (int k = 0; k < n; k++) {
            ma += a[from + k] / n;
            mb += b[from + k] / n;
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int k = 0; k < n; k++) {
            ab += (a[from + k] - ma) * (b[from + k] - mb);
            aa += (a[from + k] - ma) * (a[from + k] - ma);
            bb += (b[from + k] - mb) * (b[from + k] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void trainsThroughTheTrainerWithSamDeterministically() throws Exception {
        Dataset data = Dataset.classification("toy", images(RandomStream.of(8)), labels(), List.of("a", "b", "c"));
        double[] losses = new double[2];
        double[][] weights = new double[2][];
        for (int r = 0; r < 2; r++) {
            Sequential m = model();
            Trainer t = Trainer.builder().model(m).loss(new CrossEntropyLoss())
                    .optimizer("sam(adam(lr=1e-2), rho=0.05)").data(data, null).epochs(6).batchSize(6).seed(1)
                    .step(new UdimStep(new UdimObjective(m).styleRadius(0.2), 2)).build();
            losses[r] = t.fit().epochs().get(5).trainLoss();
            weights[r] = m.namedParameters().get("0.weight").data().clone();
        }
        assertThat(losses[0]).isFinite();
        assertThat(weights[1]).containsExactly(weights[0]);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> new UdimObjective(new Sequential(new dev.gradus.nn.ReLU())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Linear head");
        assertThatThrownBy(() -> new UdimObjective(model()).styleRadius(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("styleRadius");
        assertThatThrownBy(() -> new UdimObjective(model()).perturbStyle(images(RandomStream.of(1)), new int[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 inputs with 3 labels");
        assertThatThrownBy(() -> new UdimStep(new UdimObjective(model()), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warmupSteps");
    }
}
