package dev.gradus.cli;

import dev.gradus.train.Comparison;
import dev.gradus.train.TrainingJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gradus compare}: several optimizers on one model and data set, over several seeds. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the same model with several optimizers, each over seeds 0..N-1, on one fixed split.",
            "Writes DIR/curves.png (the validation metric per epoch: mean with a min-max band per optimizer),"
                + " DIR/summary.csv and DIR/summary.json (final metrics: mean, min, max over seeds; the table is"
                + " also printed) and every run under DIR/runs/.",
            "Example: gradus compare --data digits --model 'mlp(hidden=(64,), batch_norm=true)'"
                + " --optimizers \"adam(lr=1e-3); adamp(lr=1e-3); adabelief(lr=1e-3)\" --seeds 3 --epochs 10"
                + " --out runs/cmp"})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--optimizers", required = true, paramLabel = "SPECS",
            description = "Optimizer specs separated by ';', e.g. \"adam(lr=1e-3); adamp(lr=1e-3)\".")
    String optimizers;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "3",
            description = "Seeds per optimizer (0..N-1). Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--metric", paramLabel = "val_loss|val_accuracy", defaultValue = "val_loss",
            description = "The validation metric to plot. Default: ${DEFAULT-VALUE}.")
    String metric;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The output directory.")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        List<String> opts = Comparison.optimizers(optimizers);
        TrainingJob.Spec base = new TrainingJob.Spec(data.data, data.format(), data.labelColumn(), data.model,
                opts.get(0), data.epochs, data.batchSize, 0, data.valFraction, data.testFraction, data.splitSeed, 0,
                data.standardize, data.task(), data.divergenceFactor);
        List<Comparison.Entry> entries = Comparison.run(base, opts, seeds, metric, out, w);
        w.println();
        w.print(Comparison.table(entries));
        w.println("results in " + out + " (curves.png, summary.csv, summary.json)");
        w.flush();
        return 0;
    }
}
