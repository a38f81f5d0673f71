package dev.gradus.spark;

import dev.gradus.distributed.DataParallelStep;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Module;
import dev.gradus.optim.Capability;
import dev.gradus.optim.OptState;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.ModelSpec;
import dev.gradus.train.StepInput;
import dev.gradus.train.StepOutcome;
import dev.gradus.train.TrainStep;
import dev.gradus.train.Trainer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real cluster of separate JVMs ({@code local-cluster[2,1,1024]}: the Master and 2 Workers on threads here, each
 * executor its own JVM) on the loopback interface: one executor process is killed in the middle of training; Spark
 * retries the lost tasks, and the run ends with the bits of the undisturbed in-process run.
 */
class SparkClusterTest {
    private static final int KILL_AT_STEP = 4;

    @Test
    @Timeout(240)
    void aKilledExecutorDoesNotChangeABit() throws Exception {
        DataParallelStep.Builder config = DataParallelStep.builder().workers(4).compressor("dgc(density=0.05)");
        Trainer undisturbed = Digits.trainer(2, null, config.build(), null, 0, "sgd(lr=0.1, momentum=0.9)");
        undisturbed.fit();

        JavaSparkContext sc = SparkContexts.start(LocalCluster.conf(2));
        try {
            awaitExecutors(sc, 2);
            Module model = Digits.model();
            CrossEntropyLoss loss = new CrossEntropyLoss();
            SparkDataParallelStep spark = SparkDataParallelStep.of(config.build(), sc, 2,
                    ModelSpec.parse(Digits.MODEL), model, loss, Digits.TRAIN, 10).keyedMeanAbove(0);
            KillsAnExecutor step = new KillsAnExecutor(spark);
            Trainer disturbed = Trainer.builder().model(model).loss(loss).optimizer("sgd(lr=0.1, momentum=0.9)")
                    .data(Digits.TRAIN, Digits.VALIDATION).epochs(2).batchSize(32).seed(5).step(step).build();
            disturbed.fit();
            assertThat(step.killed).as("an executor was killed at step " + KILL_AT_STEP).isNotNull();
            assertThat(step.killed.isAlive()).isFalse();
            Digits.assertSameBits(undisturbed, disturbed);
            assertThat(disturbed.history().last().extras()).isEqualTo(undisturbed.history().last().extras());
        } finally {
            sc.stop();
        }
    }

    private static void awaitExecutors(JavaSparkContext sc, int n) throws Exception {
        long end = System.currentTimeMillis() + 150_000;
        while (sc.sc().statusTracker().getExecutorInfos().length < n + 1 || LocalCluster.executors().size() < n) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("the cluster did not start " + n + " executors in 150 s; "
                        + sc.sc().statusTracker().getExecutorInfos().length + " registered");
            }
            Thread.sleep(250);
        }
    }

    /** The Spark step, which kills the first executor JVM shortly after round {@link #KILL_AT_STEP} starts. */
    private static final class KillsAnExecutor implements TrainStep {
        private final TrainStep inner;
        volatile ProcessHandle killed;

        KillsAnExecutor(TrainStep inner) {
            this.inner = inner;
        }

        @Override
        public Set<Capability> offers() {
            return inner.offers();
        }

        @Override
        public OptState init(TensorMap params) {
            return inner.init(params);
        }

        @Override
        public StepOutcome run(StepInput in) {
            if (in.step() == KILL_AT_STEP) {
                List<ProcessHandle> executors = LocalCluster.executors();
                assertThat(executors).hasSizeGreaterThanOrEqualTo(1);
                killed = executors.get(0);
                Thread t = new Thread(() -> {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                    killed.destroyForcibly();
                });
                t.start();
            }
            StepOutcome out = inner.run(in);
            if (killed != null) {
                killed.onExit().join();
            }
            return out;
        }

        @Override
        public Map<String, Double> metrics(OptState state) {
            return inner.metrics(state);
        }

        @Override
        public String describe() {
            return inner.describe();
        }
    }
}
