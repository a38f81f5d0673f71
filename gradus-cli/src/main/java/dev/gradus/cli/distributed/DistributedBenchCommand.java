package dev.gradus.cli.distributed;

import dev.gradus.data.Dataset;
import dev.gradus.data.Datasets;
import dev.gradus.data.Standardizer;
import dev.gradus.distributed.DataParallelStep;
import dev.gradus.distributed.TopKSelection;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import dev.gradus.train.ModelSpec;
import dev.gradus.train.Progress;
import dev.gradus.train.TrainStep;
import dev.gradus.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code gradus distributed bench}: the two overhead figures of the in-process engine, as same-run ratios. (1) The
 * same training (model, data, global batch, steps) with the standard step and with the data-parallel step on 2
 * workers without compression: the engine's overhead per round. (2) Exact top-k selection over {@code --size}
 * values at density 0.001, exact and DGC's sampled threshold, against one pass over the array (a sum of
 * magnitudes). Medians of {@code --repeats}
 * runs after a warm-up.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the in-process engine's overhead (2 workers, no compression, against the standard"
                + " step on the same global batch) and top-k selection against one pass over an array.",
            "Timings are only meaningful on an otherwise idle machine; ratios are of runs in the same process."})
public final class DistributedBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "SPEC", defaultValue = "mlp(hidden=(256, 256))",
            description = "The model trained on digits. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "128",
            description = "The global batch (each of the 2 workers takes half). Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "3", description = "Epochs per run. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--size", paramLabel = "N", defaultValue = "10000000",
            description = "Values for the top-k measurement. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "5", description = "Runs per measurement. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        Dataset digits = Datasets.load("digits");
        Dataset train = Standardizer.fit(digits).apply(digits);
        ModelSpec m = ModelSpec.parse(model);
        double[] standard = new double[repeats];
        double[] single = new double[repeats];
        double[] one = new double[repeats];
        double[] two = new double[repeats];
        run(train, m, TrainStep.standard()); // warm-up
        run(train, m, step(train, m, 1, 1));
        run(train, m, step(train, m, 2, 1));
        run(train, m, step(train, m, 2, 2));
        for (int r = 0; r < repeats; r++) {
            standard[r] = run(train, m, TrainStep.standard());
            single[r] = run(train, m, step(train, m, 1, 1));
            one[r] = run(train, m, step(train, m, 2, 1));
            two[r] = run(train, m, step(train, m, 2, 2));
        }
        double s = median(standard);
        w.printf(Locale.ROOT, "training %s on digits, global batch %d, %d epochs (median of %d):%n", m, batchSize,
                epochs, repeats);
        w.printf(Locale.ROOT, "  standard step, 1 worker           %8.3f s%n", s);
        w.printf(Locale.ROOT, "  data-parallel, 1 worker            %8.3f s  (%.3fx: the step's own cost)%n",
                median(single), median(single) / s);
        w.printf(Locale.ROOT, "  data-parallel, 2 workers, 1 thread %8.3f s  (%.3fx, overhead %+.1f%%)%n", median(one),
                median(one) / s, 100 * (median(one) / s - 1));
        w.printf(Locale.ROOT, "  data-parallel, 2 workers, 2 threads%8.3f s  (%.3fx)%n", median(two), median(two) / s);

        double[] v = new double[size];
        RandomStream.of(1).fillNormal(v);
        double[] scratch = new double[size];
        int k = Math.max(1, size / 1000);
        double[] pass = new double[repeats];
        double[] select = new double[repeats];
        double[] sampled = new double[repeats];
        double sink = 0;
        for (int r = -1; r < repeats; r++) {
            long t0 = System.nanoTime();
            double acc = 0;
            for (double x : v) {
                acc += Math.abs(x);
            }
            long t1 = System.nanoTime();
            int[] idx = TopKSelection.select(v, k, scratch);
            long t2 = System.nanoTime();
            int[] est = TopKSelection.sampled(v, k, 0.01, RandomStream.of(r + 2));
            long t3 = System.nanoTime();
            sink += acc + idx[0] + est.length;
            if (r >= 0) {
                pass[r] = (t1 - t0) / 1e9;
                select[r] = (t2 - t1) / 1e9;
                sampled[r] = (t3 - t2) / 1e9;
            }
        }
        w.printf(Locale.ROOT, "top-k over %d values, k = %d (median of %d):%n", size, k, repeats);
        w.printf(Locale.ROOT, "  one pass (sum of |v|)   %8.4f s%n", median(pass));
        w.printf(Locale.ROOT, "  exact top-k selection   %8.4f s  (%.2fx one pass)%n", median(select),
                median(select) / median(pass));
        w.printf(Locale.ROOT, "  DGC sampled threshold   %8.4f s  (%.2fx one pass)%s%n", median(sampled),
                median(sampled) / median(pass), sink == 0.12345 ? " " : "");
        w.flush();
        return 0;
    }

    private DataParallelStep step(Dataset train, ModelSpec m, int workers, int threads) {
        return DataParallelStep.builder().workers(workers).threads(threads)
                .replicas(() -> m.build(train.sampleShape(), train.numClasses(), RandomStream.of(1).fork("init")))
                .build();
    }

    private double run(Dataset train, ModelSpec m, TrainStep step) throws IOException {
        Module model = m.build(train.sampleShape(), train.numClasses(), RandomStream.of(1).fork("init"));
        Trainer t = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer("sgd(lr=0.05)")
                .data(train, null).epochs(epochs).batchSize(batchSize).seed(1).step(step).progress(Progress.silent())
                .build();
        long t0 = System.nanoTime();
        t.fit();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
