package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.TrainStep;
import dev.gradus.train.Trainer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each compressor against its definition: what it sends, what it keeps, and what it costs on the wire. */
class CompressorTest {

    private static TensorMap tree(RandomStream r) {
        TensorMap t = new TensorMap();
        t.put("w", Tensor.randn(r, 10, 20));
        t.put("b", Tensor.randn(r, 10));
        return t;
    }

    private static TensorMap send(Compressor c, TensorMap g, OptState s, long step) {
        TensorMap out = g.zerosLike();
        c.compress(g.copy(), s, step, RandomStream.of(step), out);
        return out;
    }

    @Test
    void topkSendsTheLargestEntriesAndBreaksTiesByLowestIndex() {
        double[] v = {0.5, -3, 2, -2, 2, 0.1};
        assertThat(TopKSelection.select(v, 3, new double[6])).containsExactly(1, 2, 3);
        assertThat(TopKSelection.select(v, 1, new double[6])).containsExactly(1);
        assertThat(TopKSelection.select(v, 6, new double[6])).containsExactly(0, 1, 2, 3, 4, 5);
        RandomStream r = RandomStream.of(3);
        double[] big = new double[10_001];
        r.fillNormal(big);
        int[] pick = TopKSelection.select(big, 100, new double[big.length]);
        double[] sorted = Arrays.stream(big).map(Math::abs).sorted().toArray();
        double thr = sorted[sorted.length - 100];
        assertThat(pick).hasSize(100);
        assertThat(Arrays.stream(pick).allMatch(i -> Math.abs(big[i]) >= thr)).isTrue();
    }

    @Test
    void sampledSelectionTakesAboutKOfTheLargestEntries() {
        double[] v = new double[200_000];
        RandomStream.of(5).fillNormal(v);
        int k = 200;
        int[] pick = TopKSelection.sampled(v, k, 0.01, RandomStream.of(6));
        assertThat(pick.length).isBetween((int) (0.8 * k), k);
        boolean[] chosen = new boolean[v.length];
        double smallestChosen = Double.POSITIVE_INFINITY;
        for (int i : pick) {
            chosen[i] = true;
            smallestChosen = Math.min(smallestChosen, Math.abs(v[i]));
        }
        double largestLeft = 0;
        for (int i = 0; i < v.length; i++) {
            if (!chosen[i]) {
                largestLeft = Math.max(largestLeft, Math.abs(v[i]));
            }
        }
        assertThat(smallestChosen).as("a threshold: every entry sent beats every entry kept").isGreaterThanOrEqualTo(
                largestLeft);
        assertThat(TopKSelection.sampled(v, k, 0.01, RandomStream.of(6))).containsExactly(pick);
    }

    @Test
    void errorFeedbackKeepsExactlyWhatWasNotSent() {
        Compressor c = TopK.of(0.05, true);
        TensorMap g = tree(RandomStream.of(1));
        Residual s = (Residual) c.init(g);
        TensorMap out = g.zerosLike();
        long bytes = c.compress(g.copy(), s, 1, RandomStream.of(1), out);
        assertThat(bytes).isEqualTo((10 + 1) * 12L); // 5% of 200 and of 10 (at least one)
        g.forEach((name, t) -> {
            double[] sum = out.get(name).add(s.residual().get(name)).data();
            assertThat(sum).isEqualTo(t.data());
        });
        assertThat(Arrays.stream(out.get("w").data()).filter(x -> x != 0).count()).isEqualTo(10);
    }

    @Test
    void randomkSendsKRescaledValuesFromTheStream() {
        Compressor c = Compressor.COMPRESSORS.parse("randomk(density=0.1, error_feedback=false, rescale=true)");
        TensorMap g = tree(RandomStream.of(2));
        TensorMap out = g.zerosLike();
        long bytes = c.compress(g.copy(), c.init(g), 1, RandomStream.of(9), out);
        assertThat(bytes).as("20 values + seed, 1 value + seed").isEqualTo(20 * 8 + 8 + 1 * 8 + 8L);
        double[] w = g.get("w").data();
        double[] o = out.get("w").data();
        int sent = 0;
        for (int i = 0; i < w.length; i++) {
            if (o[i] != 0) {
                sent++;
                assertThat(o[i]).isEqualTo(10.0 * w[i]);
            }
        }
        assertThat(sent).isEqualTo(20);
    }

    @Test
    void qsgdIsOnItsGridAndUnbiased() {
        Compressor c = Compressor.COMPRESSORS.parse("qsgd(levels=4)");
        TensorMap g = TensorMap.of("v", Tensor.vector(0.3, -0.4, 0.0, 1.2));
        double norm = g.get("v").norm();
        double[] mean = new double[4];
        int draws = 20_000;
        for (int t = 1; t <= draws; t++) {
            double[] q = send(c, g, c.init(g), t).get("v").data();
            for (int i = 0; i < 4; i++) {
                double level = Math.abs(q[i]) * 4 / norm;
                assertThat(Math.abs(level - Math.rint(level))).isLessThan(1e-12);
                mean[i] += q[i] / draws;
            }
        }
        assertThat(mean[2]).isZero();
        for (int i = 0; i < 4; i++) { // standard error of the mean here is below 0.003
            assertThat(mean[i]).isCloseTo(g.get("v").data()[i], org.assertj.core.data.Offset.offset(0.012));
        }
        long bytes = c.compress(g.copy(), c.init(g), 1, RandomStream.of(1), g.zerosLike());
        assertThat(bytes).as("norm + 4 entries of 1 sign and 3 level bits").isEqualTo(8 + 2);
    }

    @Test
    void efSignScalesByTheMeanMagnitudeAndKeepsTheRest() {
        Compressor c = Compressor.COMPRESSORS.parse("sign(error_feedback=true)");
        TensorMap g = TensorMap.of("v", Tensor.vector(1, -3, 0.5, 2));
        Residual s = (Residual) c.init(g);
        double[] sent = send(c, g, s, 1).get("v").data();
        assertThat(sent).containsExactly(1.625, -1.625, 1.625, 1.625);
        assertThat(s.residual().get("v").data()).containsExactly(1 - 1.625, -3 + 1.625, 0.5 - 1.625, 2 - 1.625);
        Compressor plain = Compressor.COMPRESSORS.parse("sign");
        assertThat(send(plain, g, plain.init(g), 1).get("v").data()).containsExactly(1, -1, 1, 1);
    }

    @Test
    void dgcConservesTheVelocityItHasNotSent() {
        Dgc c = (Dgc) Compressor.COMPRESSORS.parse("dgc(density=0.02, masking=false, sampled=false)");
        TensorMap first = tree(RandomStream.of(4));
        Dgc.State s = c.init(first);
        TensorMap sentSum = first.zerosLike();
        TensorMap uSum = first.zerosLike();
        RandomStream r = RandomStream.of(5);
        for (int t = 1; t <= 30; t++) {
            TensorMap g = tree(r);
            TensorMap out = g.zerosLike();
            c.compress(g, s, t, RandomStream.of(t), out);
            sentSum.forEach((name, acc) -> acc.assign(acc.add(out.get(name))));
            uSum.forEach((name, acc) -> acc.assign(acc.add(s.u().get(name))));
        }
        // sum of transmitted + v_T = sum of u_t, for the compressed matrix
        Tensor lhs = sentSum.get("w").add(s.v().get("w"));
        assertThat(lhs.allClose(uSum.get("w"), 1e-12, 1e-12)).isTrue();
    }

    @Test
    void dgcWarmupFollowsThePapersQuarterSteps() {
        Dgc c = (Dgc) Compressor.COMPRESSORS.parse("dgc(density=0.001, warmup_steps=8)");
        assertThat(new double[] {c.density(1), c.density(3), c.density(5), c.density(7), c.density(9)})
                .containsExactly(0.25, 0.0625, 0.015625, 0.00390625, 0.001);
    }

    @Test
    void dgcAtDensityOneWithoutMaskingIsMomentumSgdExactly() throws Exception {
        Trainer momentum = Fixtures.trainer(2, null, TrainStep.standard(), "sgd(lr=0.05, momentum=0.9)").build();
        momentum.fit();
        Trainer dgc = Fixtures.trainer(2, null, DataParallelStep.builder()
                .compressor("dgc(density=1, masking=false)").build(), "sgd(lr=0.05)").build();
        dgc.fit();
        momentum.model().stateDict().forEach((name, t) ->
                assertThat(Fixtures.bits(dgc.model().stateDict().get(name))).as(name).containsExactly(Fixtures.bits(t)));
        assertThat(dgc.history().last().extras()).containsEntry("compression", 1.0);
    }

    @Test
    void dgcAtDensityOneWithMaskingSendsThePlainGradientOfEachMatrix() {
        Dgc c = (Dgc) Compressor.COMPRESSORS.parse("dgc(density=1, momentum=0.9, masking=true)");
        RandomStream r = RandomStream.of(6);
        Dgc.State s = c.init(tree(RandomStream.of(6)));
        for (int t = 1; t <= 5; t++) {
            TensorMap g = tree(r);
            TensorMap out = send(c, g, s, t);
            assertThat(out.get("w").data()).as("masking zeroes u every step").isEqualTo(g.get("w").data());
            if (t > 1) {
                assertThat(out.get("b").data()).as("biases keep their momentum").isNotEqualTo(g.get("b").data());
            }
        }
    }

    @Test
    void powerSgdRecoversARankOneGradientAndKeepsTheRestAsResidual() {
        PowerSgd c = (PowerSgd) Compressor.COMPRESSORS.parse("powersgd(rank=1)");
        Tensor u = Tensor.vector(1, -2, 3);
        Tensor v = Tensor.vector(0.5, 4);
        TensorMap g = TensorMap.of("w", u.outer(v));
        PowerSgd.State s = c.init(g);
        TensorMap out = g.zerosLike();
        long[] bytes = c.round(new TensorMap[] {g.copy()}, new OptState[] {s}, 1, RandomStream.of(1),
                new TensorMap[] {out});
        // the reference's 1e-8 in each column norm leaves a relative error of about 1e-8
        assertThat(out.get("w").allClose(g.get("w"), 1e-7, 1e-7)).isTrue();
        assertThat(bytes[0]).as("(3 + 2) * rank 1 values").isEqualTo(5 * 8L);

        Tensor full = Tensor.randn(RandomStream.of(2), 4, 3);
        TensorMap fg = TensorMap.of("w", full);
        PowerSgd.State rank1 = c.init(fg);
        TensorMap approx = fg.zerosLike();
        c.round(new TensorMap[] {fg.copy()}, new OptState[] {rank1}, 1, RandomStream.of(1), new TensorMap[] {approx});
        assertThat(approx.get("w").add(rank1.residual().get("w")).allClose(full, 1e-12, 1e-12)).isTrue();
    }

    @Test
    void powerSgdGivesEveryWorkerTheSameLowRankMeanAtFullRank() {
        PowerSgd c = (PowerSgd) Compressor.COMPRESSORS.parse("powersgd(rank=3)");
        RandomStream r = RandomStream.of(8);
        TensorMap[] g = {TensorMap.of("w", Tensor.randn(r, 5, 3)), TensorMap.of("w", Tensor.randn(r, 5, 3))};
        OptState[] s = {c.init(g[0]), c.init(g[0])};
        TensorMap[] out = {g[0].zerosLike(), g[0].zerosLike()};
        Tensor mean = g[0].get("w").add(g[1].get("w")).mul(0.5);
        c.round(new TensorMap[] {g[0].copy(), g[1].copy()}, s, 1, RandomStream.of(3), out);
        assertThat(out[0].get("w").data()).as("rank 3 spans a 5x3 matrix; the 1e-8 in the column norms costs about 1e-7").usingComparatorWithPrecision(1e-6).containsExactly(mean.data());
        assertThat(out[1].get("w").data()).isEqualTo(out[0].get("w").data());
        assertThat(((PowerSgd.State) s[1]).q().get("w").data())
                .isEqualTo(((PowerSgd.State) s[0]).q().get("w").data());
    }
}
