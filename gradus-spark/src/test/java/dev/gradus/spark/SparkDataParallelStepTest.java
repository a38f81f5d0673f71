package dev.gradus.spark;

import dev.gradus.distributed.DataParallelStep;
import dev.gradus.train.Trainer;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On {@code local[2]}, the Spark engine gives the in-process engine's bits, and resumes bit for bit. */
class SparkDataParallelStepTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkContexts.start(SparkContexts.conf("local[2]"));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    private static void assertSparkEqualsInProcess(DataParallelStep.Builder config, int partitions, String optimizer)
            throws Exception {
        assertSparkEqualsInProcess(config, partitions, optimizer, SparkDataParallelStep.DEFAULT_KEYED_MEAN_ABOVE);
    }

    private static void assertSparkEqualsInProcess(DataParallelStep.Builder config, int partitions, String optimizer,
            long keyedMeanAbove) throws Exception {
        Trainer local = Digits.trainer(2, null, config.build(), null, 0, optimizer);
        local.fit();
        Trainer spark = Digits.trainer(2, null, config.build(), sc, partitions, optimizer, keyedMeanAbove);
        spark.fit();
        Digits.assertSameBits(local, spark);
        assertThat(spark.history().last().trainLoss()).isEqualTo(local.history().last().trainLoss());
        assertThat(spark.history().last().extras()).isEqualTo(local.history().last().extras());
        assertThat(spark.history().last().trainAccuracy()).isEqualTo(local.history().last().trainAccuracy());
    }

    @Test
    void plainAveragingIsTheInProcessEngineBitForBitCollectedOrReducedByKey() throws Exception {
        assertSparkEqualsInProcess(DataParallelStep.builder().workers(4).computeTime(1.0, 0.5), 2,
                "sgd(lr=0.1, momentum=0.9)");
        assertSparkEqualsInProcess(DataParallelStep.builder().workers(4).computeTime(1.0, 0.5), 2,
                "sgd(lr=0.1, momentum=0.9)", 0);
    }

    @Test
    void dgcWithErrorFeedbackIsTheInProcessEngineBitForBit() throws Exception {
        assertSparkEqualsInProcess(DataParallelStep.builder().workers(4).compressor("dgc(density=0.05)"), 2,
                "sgd(lr=0.1)", 0);
    }

    @Test
    void robustAggregatorsUnderAttackAreTheInProcessEngineBitForBit() throws Exception {
        assertSparkEqualsInProcess(DataParallelStep.builder().workers(5).aggregator("trimmed_mean(f=1)")
                .attack("alie(f=1)"), 2, "adam(lr=1e-2)");
        assertSparkEqualsInProcess(DataParallelStep.builder().workers(5).aggregator("krum(f=1)")
                .attack("sign_flip(f=1)"), 2, "sgd(lr=0.1)");
    }

    @Test
    void oneWorkerPerPartitionGivesTheSameBitsAsTwoPerPartition() throws Exception {
        assertSparkEqualsInProcess(DataParallelStep.builder().workers(4).compressor("topk(density=0.1)"), 4,
                "sgd(lr=0.1)");
    }

    @Test
    void aRunResumedOnSparkEqualsAnUninterruptedInProcessRun(@TempDir Path straight, @TempDir Path pieces,
            @TempDir Path crossed) throws Exception {
        DataParallelStep.Builder config = DataParallelStep.builder().workers(4).compressor("dgc(density=0.05)");
        Trainer a = Digits.trainer(3, straight, config.build(), null, 0, "adam(lr=1e-2)");
        a.fit();
        Digits.trainer(1, pieces, config.build(), sc, 2, "adam(lr=1e-2)", 0).fit();
        Trainer b = Digits.trainer(3, pieces, config.build(), sc, 2, "adam(lr=1e-2)", 0);
        b.resume();
        Digits.assertSameBits(a, b);
        assertThat(b.history().last().extras()).isEqualTo(a.history().last().extras());
        // An in-process checkpoint resumed on Spark.
        Digits.trainer(1, crossed, config.build(), null, 0, "adam(lr=1e-2)").fit();
        Trainer c = Digits.trainer(3, crossed, config.build(), sc, 2, "adam(lr=1e-2)");
        c.resume();
        Digits.assertSameBits(a, c);
    }

    @Test
    void whatSparkCannotRunIsRefusedByName() throws Exception {
        DataParallelStep coded = DataParallelStep.builder().workers(4)
                .gradientCode(dev.gradus.distributed.coding.GradientCode.fractionalRepetition(4, 1)).build();
        assertThatThrownBy(() -> Digits.trainer(1, null, coded, sc, 2, "sgd(lr=0.1)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gradient codes");
        assertThatThrownBy(() -> Digits.trainer(1, null, DataParallelStep.builder().workers(2).build(), sc, 3,
                "sgd(lr=0.1)")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitions=3");
    }
}
