package dev.gradus.spark;

import dev.gradus.distributed.DataParallelStep;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import dev.gradus.train.ModelSpec;
import dev.gradus.train.TrainStep;
import dev.gradus.train.Trainer;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Run by hand (not a test): one epoch of a model of about 1.06e6 parameters ({@code mlp(hidden=(1024, 960))} on
 * digits) with 4 workers on {@code local[2]} against the in-process engine: whether the weights are the same bits,
 * and the time per round of each.
 */
public final class SparkLargeModel {
    private static final String MODEL = "mlp(hidden=(1024, 960))";

    private SparkLargeModel() {}

    /** Runs the comparison. */
    public static void main(String[] args) throws Exception {
        JavaSparkContext sc = SparkContexts.start(SparkContexts.conf("local[2]"));
        try {
            for (String compressor : new String[] {"none", "dgc(density=0.01)"}) {
                DataParallelStep.Builder config = DataParallelStep.builder().workers(4).compressor(compressor);
                long a = System.nanoTime();
                Trainer local = trainer(config.build(), null);
                local.fit();
                double localMs = (System.nanoTime() - a) / 1e6 / local.step();
                long b = System.nanoTime();
                Trainer spark = trainer(config.build(), sc);
                spark.fit();
                double sparkMs = (System.nanoTime() - b) / 1e6 / spark.step();
                boolean same = local.model().stateDict().names().stream().allMatch(n -> Arrays.equals(
                        Digits.bits(local.model().stateDict().get(n)), Digits.bits(spark.model().stateDict().get(n))));
                System.out.printf(Locale.ROOT, "%s, %d parameters, %s, %d rounds: in-process %.0f ms/round,"
                        + " spark local[2] %.0f ms/round, same bits: %s%n", MODEL, local.model().stateDict().numel(),
                        compressor, spark.step(), localMs, sparkMs, same);
            }
        } finally {
            sc.stop();
        }
    }

    private static Trainer trainer(DataParallelStep reference, JavaSparkContext sc) {
        Module model = ModelSpec.parse(MODEL).build(Digits.TRAIN.sampleShape(), 10, RandomStream.of(5).fork("init"));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        TrainStep step = sc == null ? reference : SparkDataParallelStep.of(reference, sc, 2, ModelSpec.parse(MODEL),
                model, loss, Digits.TRAIN, 10);
        return Trainer.builder().model(model).loss(loss).optimizer("sgd(lr=0.05)").data(Digits.TRAIN, Digits.VALIDATION)
                .epochs(1).batchSize(32).seed(5).step(step).build();
    }
}
