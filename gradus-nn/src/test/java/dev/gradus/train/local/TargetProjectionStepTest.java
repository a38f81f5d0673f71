package dev.gradus.train.local;

import dev.gradus.data.Dataset;
import dev.gradus.nn.Activation;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Linear;
import dev.gradus.nn.Mlp;
import dev.gradus.nn.ReLU;
import dev.gradus.nn.Sequential;
import dev.gradus.optim.Optimizers;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.train.Trainer;
import dev.gradus.train.TrainStep;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TargetProjectionStepTest {
    private static final int N = 6;
    private static final int D = 3;
    private static final int H = 4;
    private static final int K = 3;
    private static final long SEED = 11;

    private static Dataset data() {
        RandomStream rng = RandomStream.of(5);
        double[] x = new double[N * D];
        rng.fillNormal(x);
        int[] labels = {0, 1, 2, 0, 1, 2};
        return Dataset.classification("toy", Tensor.of(x, N, D), labels, List.of("a", "b", "c"));
    }

    private static Sequential net() {
        return Mlp.builder(D).hidden(H, H).outputs(K).activation(Activation.TANH).build(RandomStream.of(3));
    }

    /** One full-batch SGD step with lr 1, so each parameter moves by minus its gradient. */
    private static void oneStep(Sequential net, TrainStep step) throws IOException {
        Trainer.builder().model(net).loss(new CrossEntropyLoss()).optimizer(Optimizers.sgd().lr(1.0)).step(step)
                .data(data(), null).epochs(1).batchSize(N).seed(1).build().fit();
    }

    private static double[] weights(Sequential net, int layer) {
        return ((Linear) net.get(layer)).weight().value().data().clone();
    }

    private static double[] bias(Sequential net, int layer) {
        return ((Linear) net.get(layer)).bias().value().data().clone();
    }

    /** The expected gradients {W0, b0, W1, b1, W2, b2}, written out from the class Javadoc's equations. */
    private static double[][] expected(Sequential net, LocalRule rule) {
        Dataset d = data();
        double[] x = d.features().data();
        double[] y = new double[N * K];
        for (int i = 0; i < N; i++) {
            y[i * K + d.label(i)] = 1;
        }
        double[][] out = new double[6][];
        double[] in = x;
        int inW = D;
        RandomStream root = RandomStream.of(SEED);
        for (int l = 0; l < 2; l++) {
            double[] w = weights(net, 2 * l);
            double[] b = bias(net, 2 * l);
            double[] proj = Tensor.randn(root.fork("layer-" + l), K, H).data();
            double[] h = new double[N * H];
            double[] dz = new double[N * H];
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < H; j++) {
                    double z = b[j];
                    for (int c = 0; c < inW; c++) {
                        z += w[j * inW + c] * in[i * inW + c];
                    }
                    double hv = Math.tanh(z);
                    double p = 0;
                    for (int k = 0; k < K; k++) {
                        p += y[i * K + k] * proj[k * H + j];
                    }
                    h[i * H + j] = hv;
                    double dh = rule == LocalRule.TARGET_PROJECTION ? hv - Math.tanh(p) : -p;
                    dz[i * H + j] = dh * (1 - hv * hv) / N;
                }
            }
            double[][] g = affineGrads(dz, in, N, inW, H);
            out[2 * l] = g[0];
            out[2 * l + 1] = g[1];
            in = h;
            inW = H;
        }
        double[] w = weights(net, 4);
        double[] b = bias(net, 4);
        double[] dl = new double[N * K];
        for (int i = 0; i < N; i++) {
            double[] logit = new double[K];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < K; k++) {
                logit[k] = b[k];
                for (int c = 0; c < H; c++) {
                    logit[k] += w[k * H + c] * in[i * H + c];
                }
                max = Math.max(max, logit[k]);
            }
            double sum = 0;
            for (int k = 0; k < K; k++) {
                sum += Math.exp(logit[k] - max);
            }
            for (int k = 0; k < K; k++) {
                dl[i * K + k] = (Math.exp(logit[k] - max) / sum - y[i * K + k]) / N;
            }
        }
        double[][] g = affineGrads(dl, in, N, H, K);
        out[4] = g[0];
        out[5] = g[1];
        return out;
    }

    private static double[][] affineGrads(double[] dz, double[] in, int n, int inW, int outW) {
        double[] gw = new double[outW * inW];
        double[] gb = new double[outW];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < outW; j++) {
                gb[j] += dz[i * outW + j];
                for (int c = 0; c < inW; c++) {
                    gw[j * inW + c] += dz[i * outW + j] * in[i * inW + c];
                }
            }
        }
        return new double[][] {gw, gb};
    }

    private static void assertStepFollowsTheEquations(LocalRule rule) throws IOException {
        Sequential net = net();
        double[][] grads = expected(net, rule);
        double[][] before = new double[6][];
        for (int l = 0; l < 3; l++) {
            before[2 * l] = weights(net, 2 * l);
            before[2 * l + 1] = bias(net, 2 * l);
        }
        oneStep(net, TargetProjectionStep.of(rule, SEED, 1.0));
        for (int l = 0; l < 3; l++) {
            double[][] after = {weights(net, 2 * l), bias(net, 2 * l)};
            for (int p = 0; p < 2; p++) {
                double[] g = grads[2 * l + p];
                for (int e = 0; e < g.length; e++) {
                    assertThat(before[2 * l + p][e] - after[p][e]).as("%s layer %d %s[%d]", rule, l,
                            p == 0 ? "weight" : "bias", e).isCloseTo(g[e], within(1e-12));
                }
            }
        }
    }

    @Test
    void targetProjectionUpdatesEachLayerByItsLocalGradient() throws IOException {
        assertStepFollowsTheEquations(LocalRule.TARGET_PROJECTION);
    }

    @Test
    void drtpUpdatesEachHiddenLayerByTheProjectedTarget() throws IOException {
        assertStepFollowsTheEquations(LocalRule.DRTP);
    }

    @Test
    void noErrorCrossesALayer() throws IOException {
        Sequential a = net();
        Sequential b = net();
        double[] w2 = ((Linear) b.get(4)).weight().value().data();
        for (int e = 0; e < w2.length; e++) {
            w2[e] *= -3;
        }
        oneStep(a, TargetProjectionStep.tpSgd(SEED));
        oneStep(b, TargetProjectionStep.tpSgd(SEED));
        assertThat(weights(a, 0)).containsExactly(weights(b, 0));
        assertThat(weights(a, 2)).containsExactly(weights(b, 2));
    }

    @Test
    void aModelThatIsNotLinearBlocksIsRefused() {
        Sequential twoActivations = new Sequential(new Linear(D, H, RandomStream.of(1)), new ReLU(), new ReLU(),
                new Linear(H, K, RandomStream.of(2)));
        assertThatThrownBy(() -> oneStep(twoActivations, TargetProjectionStep.tpSgd(1)))
                .hasMessageContaining("layer 2 (ReLU) must be a Linear");
        Sequential wrongClasses = Mlp.builder(D).hidden(H).outputs(5).build(RandomStream.of(1));
        assertThatThrownBy(() -> oneStep(wrongClasses, TargetProjectionStep.drtp(1)))
                .hasMessageContaining("5 features but the data set has 3 classes");
        assertThatThrownBy(() -> TargetProjectionStep.of(LocalRule.DRTP, 1, 0)).hasMessageContaining("scale");
    }
}
