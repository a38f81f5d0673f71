package dev.gradus.train.boost;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GradientBoostingTest {

    /** y = sin(2 x_1) + x_2^2 on [-1, 1]^2: smooth, so a few tanh units fit it well. */
    private static Tensor[] data(int n, long seed) {
        RandomStream rng = RandomStream.of(seed);
        double[] x = new double[n * 2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = rng.uniform(-1, 1);
            x[2 * i + 1] = rng.uniform(-1, 1);
            y[i] = Math.sin(2 * x[2 * i]) + x[2 * i + 1] * x[2 * i + 1];
        }
        return new Tensor[] {Tensor.of(x, n, 2), Tensor.of(y, n)};
    }

    private static GradientBoosting small() {
        return new GradientBoosting().stages(15).unitsPerStage(2).shrinkage(0.5).epochsPerStage(150);
    }

    @Test
    void stagesReduceTheTrainingErrorFarBelowTheConstant() {
        Tensor[] d = data(200, 1);
        BoostedNetwork net = small().fit(d[0], d[1], RandomStream.of(2));
        double[] loss = net.trainLoss();
        assertThat(loss).hasSize(16);
        assertThat(net.units()).isEqualTo(30);
        assertThat(loss[15]).isLessThan(0.1 * loss[0]);
        for (int t = 1; t < loss.length; t++) {
            assertThat(loss[t]).as("stage " + t).isLessThanOrEqualTo(loss[t - 1] * 1.001);
        }
        double[] f = net.predict(d[0]).data();
        double mse = 0;
        for (int i = 0; i < 200; i++) {
            mse += Math.pow(f[i] - d[1].data()[i], 2) / 200;
        }
        assertThat(mse).isCloseTo(loss[15], within(1e-12));
    }

    @Test
    void zeroUnitsGiveTheMeanAndTruncationFollowsTheStageLosses() {
        Tensor[] d = data(100, 3);
        BoostedNetwork net = small().fit(d[0], d[1], RandomStream.of(4));
        double mean = 0;
        for (double v : d[1].data()) {
            mean += v / 100;
        }
        assertThat(net.predict(d[0], 0).data()[7]).isCloseTo(mean, within(1e-12));
        double[] loss = net.trainLoss();
        for (int t : new int[] {1, 5, 10}) {
            double[] f = net.predict(d[0], 2 * t).data();
            double mse = 0;
            for (int i = 0; i < 100; i++) {
                mse += Math.pow(f[i] - d[1].data()[i], 2) / 100;
            }
            assertThat(mse).as("first %d stages", t).isCloseTo(loss[t], within(1e-12));
        }
    }

    @Test
    void theModuleOfTheFirstUnitsPredictsTheSame() {
        Tensor[] d = data(50, 5);
        BoostedNetwork net = small().stages(4).fit(d[0], d[1], RandomStream.of(6));
        for (int k : new int[] {3, 8}) {
            double[] viaModule = net.toModule(k).forward(d[0]).value().data();
            double[] direct = net.predict(d[0], k).data();
            assertThat(viaModule).containsExactly(direct, within(1e-12));
        }
    }

    @Test
    void sameSeedSameBitsAndSeveralOutputs() {
        Tensor[] d = data(60, 7);
        double[] two = new double[120];
        for (int i = 0; i < 60; i++) {
            two[2 * i] = d[1].data()[i];
            two[2 * i + 1] = -d[1].data()[i];
        }
        Tensor y2 = Tensor.of(two, 60, 2);
        BoostedNetwork a = small().stages(3).fit(d[0], y2, RandomStream.of(8));
        BoostedNetwork b = small().stages(3).fit(d[0], y2, RandomStream.of(8));
        assertThat(a.outputs()).isEqualTo(2);
        assertThat(a.predict(d[0]).data()).isEqualTo(b.predict(d[0]).data());
        assertThat(a.trainLoss()[3]).isLessThan(a.trainLoss()[0]);
    }

    @Test
    void badInputIsRefusedWithItsName() {
        Tensor[] d = data(10, 9);
        assertThatThrownBy(() -> new GradientBoosting().shrinkage(0)).hasMessageContaining("shrinkage");
        assertThatThrownBy(() -> new GradientBoosting().stages(0)).hasMessageContaining("stages");
        assertThatThrownBy(() -> small().fit(d[0], Tensor.zeros(9), RandomStream.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("y must be");
        BoostedNetwork net = small().stages(1).fit(d[0], d[1], RandomStream.of(1));
        assertThatThrownBy(() -> net.predict(d[0], 3)).hasMessageContaining("k must be in [0, 2]");
    }
}
