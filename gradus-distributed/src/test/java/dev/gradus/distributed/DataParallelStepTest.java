package dev.gradus.distributed;

import dev.gradus.data.Sampler;
import dev.gradus.data.SamplerSpec;
import dev.gradus.tensor.RandomStream;
import dev.gradus.train.TrainStep;
import dev.gradus.train.Trainer;
import dev.gradus.train.TrainingHistory;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The data-parallel step: equal to the standard step on one worker, thread-independent, resumable. */
class DataParallelStepTest {

    @Test
    void oneWorkerWithoutCompressionIsTheStandardStepBitForBit() throws Exception {
        Trainer standard = Fixtures.trainer(2, null, TrainStep.standard(), "sgd(lr=0.1, momentum=0.9)").build();
        standard.fit();
        Trainer parallel = Fixtures.trainer(2, null, DataParallelStep.builder().workers(1).build(),
                "sgd(lr=0.1, momentum=0.9)").build();
        TrainingHistory h = parallel.fit();
        Fixtures.assertSameBits(standard, parallel);
        assertThat(h.last().trainLoss()).isEqualTo(standard.history().last().trainLoss());
        assertThat(h.last().extras()).containsEntry("compression", 1.0);
    }

    @Test
    void oneThreadAndFourThreadsGiveTheSameBits() throws Exception {
        Trainer one = Fixtures.trainer(2, null, step(1), "adam(lr=1e-2)").build();
        one.fit();
        Trainer four = Fixtures.trainer(2, null, step(4), "adam(lr=1e-2)").build();
        four.fit();
        Fixtures.assertSameBits(one, four);
        assertThat(four.history().last().extras()).isEqualTo(one.history().last().extras());
    }

    @Test
    void averagingFourWorkersDiffersFromOneBigBatchOnlyByRounding() throws Exception {
        Trainer big = Fixtures.trainer(1, null, TrainStep.standard(), "sgd(lr=0.1)")
                .sampler(WorkersSampler.of(4, SamplerSpec.SAMPLERS.parse("shuffle(batch_size=8)"))).build();
        big.fit();
        Trainer four = Fixtures.trainer(1, null, DataParallelStep.builder().workers(4).build(), "sgd(lr=0.1)")
                .sampler(WorkersSampler.of(4, SamplerSpec.SAMPLERS.parse("shuffle(batch_size=8)"))).build();
        four.fit();
        // Equal shard batches make the mean of worker means the mean of the batch.
        big.model().stateDict().forEach((name, t) ->
                assertThat(four.model().stateDict().get(name).allClose(t, 1e-12, 1e-12)).as(name).isTrue());
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOne(@TempDir Path straight, @TempDir Path pieces) throws Exception {
        Trainer a = Fixtures.trainer(4, straight, step(2), "adam(lr=1e-2)").build();
        a.fit();
        Fixtures.trainer(2, pieces, step(2), "adam(lr=1e-2)").build().fit();
        Trainer b = Fixtures.trainer(4, pieces, step(1), "adam(lr=1e-2)").build();
        b.resume();
        Fixtures.assertSameBits(a, b);
        assertThat(b.history().last().extras()).isEqualTo(a.history().last().extras());
    }

    @Test
    void aGradientCodeDecodesTheUncodedMeanAndSavesSimulatedTime() throws Exception {
        Trainer plain = Fixtures.trainer(2, null, DataParallelStep.builder().workers(4).computeTime(1, 2).build(),
                "sgd(lr=0.1)").build();
        plain.fit();
        for (dev.gradus.distributed.coding.GradientCode c : java.util.List.of(
                dev.gradus.distributed.coding.GradientCode.fractionalRepetition(4, 1),
                dev.gradus.distributed.coding.GradientCode.cyclic(4, 2, RandomStream.of(3)))) {
            Trainer coded = Fixtures.trainer(2, null, DataParallelStep.builder().workers(4).computeTime(1, 2)
                    .gradientCode(c).threads(2).replicas(() -> Fixtures.model(Fixtures.MODEL)).build(), "sgd(lr=0.1)")
                    .build();
            coded.fit();
            plain.model().stateDict().forEach((name, t) -> assertThat(coded.model().stateDict().get(name)
                    .allClose(t, 1e-9, 1e-9)).as(c + " " + name).isTrue());
            assertThat(coded.history().last().trainLoss()).isCloseTo(plain.history().last().trainLoss(),
                    org.assertj.core.data.Offset.offset(1e-9));
        }
        // with long exponential delays, waiting for the first n - s beats waiting for all even at load s + 1
        Trainer fr = Fixtures.trainer(2, null, DataParallelStep.builder().workers(4).computeTime(0.1, 2)
                .gradientCode(dev.gradus.distributed.coding.GradientCode.fractionalRepetition(4, 1)).build(),
                "sgd(lr=0.1)").build();
        fr.fit();
        Trainer slow = Fixtures.trainer(2, null, DataParallelStep.builder().workers(4).computeTime(0.1, 2).build(),
                "sgd(lr=0.1)").build();
        slow.fit();
        assertThat(fr.history().last().extras().get("sim_seconds"))
                .isLessThan(slow.history().last().extras().get("sim_seconds"));
        assertThatThrownBy(() -> DataParallelStep.builder().workers(4).compressor("topk")
                .gradientCode(dev.gradus.distributed.coding.GradientCode.fractionalRepetition(4, 1)).build())
                .hasMessageContaining("takes no compressor");
    }

    @Test
    void threadsNeedReplicasAndModelsWithoutRandomLayers() {
        assertThatThrownBy(() -> Fixtures.trainer(1, null, DataParallelStep.builder().workers(2).threads(2).build(),
                "sgd(lr=0.1)").build().fit()).hasMessageContaining("needs model replicas");
        DataParallelStep dropout = DataParallelStep.builder().workers(2).threads(2)
                .replicas(() -> Fixtures.model("mlp(hidden=(16,), dropout=0.1)")).build();
        assertThatThrownBy(() -> Fixtures.trainer(1, null, dropout, "sgd(lr=0.1)")
                .model(Fixtures.model("mlp(hidden=(16,), dropout=0.1)")).build().fit())
                .hasMessageContaining("random layers");
    }

    @Test
    void aRuleThatCannotWorkWithThisManyWorkersIsRefusedWhenTheStepIsBuilt() {
        assertThatThrownBy(() -> DataParallelStep.builder().workers(4).aggregator("krum(f=3)").build())
                .hasMessageContaining("need n > f + 2");
        assertThatThrownBy(() -> DataParallelStep.builder().workers(2).aggregator("trimmed_mean(f=1)").build())
                .hasMessageContaining("need 2f < n");
        assertThatThrownBy(() -> DataParallelStep.builder().workers(4).attack("alie(f=4)").build())
                .hasMessageContaining("must be fewer than the 4 workers");
    }

    @Test
    void workerIOwnsTheExamplesOfShardI() {
        int[][] s = DataParallelStep.slices(new int[] {4, 1, 6, 3, 0, 5}, 3);
        assertThat(s[0]).containsExactly(2, 3, 4); // examples 6, 3 and 0
        assertThat(s[1]).containsExactly(0, 1); // examples 4 and 1
        assertThat(s[2]).containsExactly(5);
    }

    @Test
    void theWorkersSamplerGivesOneShardBatchPerWorker() {
        Sampler s = WorkersSampler.of(3, SamplerSpec.SAMPLERS.parse("shuffle(batch_size=4, drop_last=true)")).bind(30,
                RandomStream.of(1));
        int[] b = s.batch(0, 0);
        assertThat(b).hasSize(12);
        for (int i = 0; i < 3; i++) {
            int w = i;
            assertThat(Arrays.stream(Arrays.copyOfRange(b, 4 * i, 4 * i + 4)).allMatch(j -> j % 3 == w)).as("worker " + w)
                    .isTrue();
        }
        assertThat(s.batchesPerEpoch()).isEqualTo(2);
    }

    private static DataParallelStep step(int threads) {
        return DataParallelStep.builder().workers(4).threads(threads).replicas(() -> Fixtures.model(Fixtures.MODEL))
                .computeTime(1.0, 0.5).build();
    }
}
