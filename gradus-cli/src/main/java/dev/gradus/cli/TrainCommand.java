package dev.gradus.cli;

import dev.gradus.distributed.DataParallelStep;
import dev.gradus.privacy.PrivatePlan;
import dev.gradus.privacy.PrivateTrainerSetup;
import dev.gradus.train.Progress;
import dev.gradus.train.TrainerSetup;
import dev.gradus.train.TrainingJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gradus train}: trains a model on a data set and writes metrics, a summary, curves, the weights and a
 * checkpoint into the output directory; {@code --resume} continues from the checkpoint.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model on a data set: split (stratified, by --split-seed), standardise with the"
                + " training statistics, train with the optimizer, evaluate on validation and test.",
            "Writes DIR/metrics.csv, DIR/summary.json, DIR/curves.png, DIR/model.safetensors and the checkpoint"
                + " (DIR/checkpoint.safetensors), which --resume continues up to --epochs epochs in total.",
            "Example: gradus train --data digits --model 'mlp(hidden=(128,))' --optimizer 'adam(lr=1e-3)'"
                + " --epochs 20 --out runs/digits"})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--optimizer", paramLabel = "SPEC", defaultValue = "adam(lr=1e-3)",
            description = "The optimizer spec, e.g. 'adamw(lr=1e-3, weight_decay=0.01)'. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "The seed of the initial weights, the data order and dropout. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The output directory.")
    Path out;

    @Option(names = "--resume", description = "Continue the run whose checkpoint is in DIR.")
    boolean resume;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", defaultValue = "0",
            description = "Also checkpoint every STEPS optimizer steps (0: at the end of each epoch only)."
                    + " Default: ${DEFAULT-VALUE}.")
    long checkpointEvery;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Split every batch over N data-parallel workers (example j to worker j mod N) and average"
                    + " their mean gradients; 1 with --engine local is the plain step. See gradus distributed train for"
                    + " compressors and aggregators. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Mixin
    EngineOptions engine;

    @Option(names = "--privacy", paramLabel = "SPEC",
            description = "Train with differential privacy, e.g. 'dp_sgd(target_epsilon=3, delta=1e-5,"
                    + " max_grad_norm=1.0)' or 'dp_sgd(noise_multiplier=1.1)': Poisson batches of expected size"
                    + " --batch-size, per-example clipping, Gaussian noise; training stops before the step that would"
                    + " exceed target_epsilon, and the epsilon spent is in metrics.csv and summary.json.")
    String privacy;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        TrainingJob.Spec job = new TrainingJob.Spec(data.data, data.format(), data.labelColumn(), data.model, optimizer,
                data.epochs, data.batchSize, seed, data.valFraction, data.testFraction, data.splitSeed, checkpointEvery,
                data.standardize, data.task(), data.divergenceFactor);
        if (workers < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers=" + workers
                    + " must be at least 1");
        }
        boolean parallel = workers > 1 || !engine.local();
        if (parallel && privacy != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--privacy trains with the private step on"
                    + " one worker in-process; it takes no --workers or --engine");
        }
        PrivateTrainerSetup privateSetup = privacy == null ? null : PrivateTrainerSetup.parse(privacy);
        TrainingJob.Outcome o;
        try (EngineOptions.Run run = engine.open(spec.commandLine())) {
            TrainerSetup setup = parallel
                    ? (trainer, j) -> trainer.step(run.step(DataParallelStep.builder().workers(workers).build(), j))
                    : privateSetup == null ? TrainerSetup.NONE : privateSetup;
            o = TrainingJob.run(job, out, resume, Progress.auto(w), setup);
        }
        w.printf(Locale.ROOT, "%-10s %10s %9s%n", "split", "loss", "accuracy");
        print(w, "train", o.train());
        print(w, "validation", o.validation());
        print(w, "test", o.test());
        if (parallel) {
            w.printf(Locale.ROOT, "%d workers on %s%n", workers, engine.local() ? "the local engine"
                    : engine.engine() + " " + engine.master());
        }
        w.printf(Locale.ROOT, "%d epochs, %d steps, %.1f s; results in %s%n", o.history().size(), o.steps(), o.seconds(),
                out);
        if (o.stopReason() != null) {
            w.println("stopped early: " + o.stopReason());
        }
        if (privacy != null && !o.history().isEmpty() && o.history().last().extras().containsKey("epsilon")) {
            PrivatePlan plan = privateSetup.plan();
            w.printf(Locale.ROOT, "privacy: epsilon %.4f at delta %s (noise multiplier %.6g, sampling rate %.6g)%n",
                    o.history().last().extras().get("epsilon"), plan.delta(), plan.noiseMultiplier(),
                    plan.samplingRate());
        }
        w.flush();
        return 0;
    }

    /** Prints one row of the loss and accuracy table. */
    public static void print(PrintWriter w, String split, dev.gradus.train.Evaluation e) {
        w.printf(Locale.ROOT, "%-10s %10s %9s%n", split, Double.isNaN(e.loss()) ? "-" : String.format(Locale.ROOT,
                "%.4f", e.loss()), Double.isNaN(e.accuracy()) ? "-" : String.format(Locale.ROOT, "%.2f%%",
                100 * e.accuracy()));
    }
}
