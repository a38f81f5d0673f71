package dev.gradus.spark;

import dev.gradus.distributed.DataParallelStep;
import dev.gradus.tensor.RandomStream;
import dev.gradus.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Benchmarks run by hand (not a test): the per-round overhead of the Spark engine on {@code local[2]} over the
 * same in-process round, and the ordered keyed mean against {@code treeAggregate} for {@code 1e6} parameters over
 * 8 partitions. Prints medians over repeats.
 *
 * <pre>{@code
 * java [Spark's --add-opens flags] -cp ... dev.gradus.spark.SparkBench [rounds=3] [repeats=7]
 * }</pre>
 */
public final class SparkBench {
    private SparkBench() {}

    /** Runs both benchmarks. */
    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        JavaSparkContext sc = SparkContexts.start(SparkContexts.conf("local[2]"));
        try {
            roundOverhead(sc, epochs, false); // a first pass warms up both engines' code paths
            roundOverhead(sc, epochs, true);
            reduction(sc, repeats, 1_000_000, 8);
        } finally {
            sc.stop();
        }
    }

    private static void roundOverhead(JavaSparkContext sc, int epochs, boolean print) throws Exception {
        String[][] cases = {{"none", "mean"}, {"dgc(density=0.05)", "mean"}, {"none", "trimmed_mean(f=1)"}};
        for (String[] c : cases) {
            for (long keyedAbove : new long[] {SparkDataParallelStep.DEFAULT_KEYED_MEAN_ABOVE, 0}) {
                if (keyedAbove == 0 && !c[1].equals("mean")) {
                    continue;
                }
                DataParallelStep.Builder config = DataParallelStep.builder().workers(4).compressor(c[0])
                        .aggregator(c[1]).threads(2).replicas(Digits::model);
                // warm-up of both paths
                Digits.trainer(1, null, config.build(), null, 0, "sgd(lr=0.1)").fit();
                Digits.trainer(1, null, config.build(), sc, 2, "sgd(lr=0.1)", keyedAbove).fit();
                double local = perRound(Digits.trainer(epochs, null, config.build(), null, 0, "sgd(lr=0.1)"));
                double spark = perRound(Digits.trainer(epochs, null, config.build(), sc, 2, "sgd(lr=0.1)",
                        keyedAbove));
                if (!print) {
                    continue;
                }
                System.out.printf(Locale.ROOT, "round  %-18s %-18s %-9s in-process %7.2f ms  spark local[2] %7.2f ms"
                        + "  overhead %7.2f ms%n", c[0], c[1], keyedAbove == 0 ? "keyed" : "collected", local, spark,
                        spark - local);
            }
        }
    }

    private static double perRound(Trainer t) throws Exception {
        long start = System.nanoTime();
        t.fit();
        return (System.nanoTime() - start) / 1e6 / t.step();
    }

    private static void reduction(JavaSparkContext sc, int repeats, int d, int partitions) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            ids.add(i);
        }
        JavaRDD<WorkerResult> messages = sc.parallelize(ids, partitions).map(i -> {
            double[] m = new double[d];
            RandomStream.of(i).fillNormal(m);
            return new WorkerResult(i, 0, 0, 0, 0, m, null, null, null);
        }).cache();
        messages.count();
        double[] ordered = new double[repeats];
        double[] tree = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long a = System.nanoTime();
            double[] mean = OrderedMean.mean(messages, partitions, d, partitions);
            ordered[r] = (System.nanoTime() - a) / 1e6;
            long b = System.nanoTime();
            double[] sum = messages.map(WorkerResult::message).treeAggregate(new double[d], SparkBench::add,
                    SparkBench::add);
            tree[r] = (System.nanoTime() - b) / 1e6;
            if (Math.abs(sum[0] / partitions - mean[0]) > 1e-9) {
                throw new IllegalStateException("the two reductions disagree");
            }
        }
        double o = median(ordered);
        double t = median(tree);
        System.out.printf(Locale.ROOT, "reduce d=%d partitions=%d: ordered keyed mean %.1f ms, treeAggregate %.1f ms,"
                + " ratio %.2f (medians of %d)%n", d, partitions, o, t, o / t, repeats);
        messages.unpersist();
    }

    private static double[] add(double[] acc, double[] x) {
        for (int j = 0; j < acc.length; j++) {
            acc[j] += x[j];
        }
        return acc;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
